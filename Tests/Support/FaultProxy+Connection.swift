import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FaultProxy {
    /// Serves one client connection: request after request (keep-alive), each forwarded or
    /// broken as the schedule says.
    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let channel = connection.channel
        let id = state.withLock { state in
            state.nextClientID += 1
            state.openClients[state.nextClientID] = channel
            state.counts.connections += 1
            return state.nextClientID
        }
        try? await connection.executeThenClose { inbound, outbound in
            var client = FaultProxyByteReader(inbound)
            while let head = try await client.readHead() {
                let request = try FaultProxyRequest.parse(head)
                let (fault, index) = state.withLock { state in
                    state.counts.requests += 1
                    let fault = state.schedule.decide(for: request)
                    if let fault { state.counts.faults[fault.kind, default: 0] += 1 }
                    if state.exchanges.count >= 100_000 { state.exchanges.removeFirst(50_000) }
                    state.exchanges.append(
                        FaultProxyExchange(method: request.method, target: request.target, fault: fault))
                    return (fault, state.exchanges.count - 1)
                }
                let keepAlive = try await handle(
                    request, head: head, fault: fault, exchange: index, client: &client, outbound: outbound,
                    channel: channel)
                if !keepAlive { return }
            }
        }
        _ = state.withLock { $0.openClients.removeValue(forKey: id) }
    }

    /// Does what `fault` says with one request; returns whether the client connection stays open.
    private func handle(
        _ request: FaultProxyRequest, head: [UInt8], fault: FaultProxyFault?, exchange: Int,
        client: inout FaultProxyByteReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel
    ) async throws -> Bool {
        switch fault {
        case nil:
            return try await forward(
                request, head: head, cutOff: false, exchange: exchange, client: &client, outbound: outbound,
                channel: channel)
        case .delay(let milliseconds):
            try await Task.sleep(for: .milliseconds(milliseconds))
            return try await forward(
                request, head: head, cutOff: false, exchange: exchange, client: &client, outbound: outbound,
                channel: channel)
        case .resetMidResponse:
            return try await forward(
                request, head: head, cutOff: true, exchange: exchange, client: &client, outbound: outbound,
                channel: channel)
        case .resetBeforeForwarding:
            try await Self.pipe(request.framing, from: &client, to: nil) { _ in }
            await Self.reset(channel)
            return false
        case .hang:
            try await Self.pipe(request.framing, from: &client, to: nil) { _ in }
            await hang(client: &client, channel: channel)
            return false
        case .serviceUnavailable, .internalError, .tooManyRequests, .error:
            try await Self.pipe(request.framing, from: &client, to: nil) { _ in }
            let answer = FaultProxyAnswers.response(for: fault!, request: request, number: exchange)
            try await outbound.write(ByteBuffer(bytes: answer))
            count(toClient: answer.count)
            return !request.closesConnection
        }
    }

    /// Sends the request to the server on a fresh connection and relays the answer; with
    /// `cutOff`, relays only part of it and resets the client connection.
    private func forward(
        _ request: FaultProxyRequest, head: [UInt8], cutOff: Bool, exchange: Int,
        client: inout FaultProxyByteReader, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel
    ) async throws -> Bool {
        let upstream: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(5))
                .connect(host: upstreamHost, port: upstreamPort) { upstreamChannel in
                    upstreamChannel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: upstreamChannel)
                    }
                }
        } catch {
            state.withLock { $0.counts.upstreamFailures += 1 }
            await Self.reset(channel)
            return false
        }
        return try await upstream.executeThenClose { serverInbound, serverOutbound in
            var server = FaultProxyByteReader(serverInbound)
            try await serverOutbound.write(ByteBuffer(bytes: head))
            count(toServer: head.count)
            try await Self.pipe(request.framing, from: &client, to: serverOutbound) { count(toServer: $0) }
            state.withLock { $0.counts.forwarded += 1 }
            while true {
                guard let responseHead = try await server.readHead() else {
                    throw FaultProxyError(message: "the server closed without answering \(request.method) \(request.target)")
                }
                let response = try FaultProxyResponseHead.parse(responseHead)
                state.withLock { state in
                    if exchange < state.exchanges.count { state.exchanges[exchange].upstreamStatus = response.status }
                }
                let framing = response.framing(requestMethod: request.method)
                if cutOff {
                    try await sendPart(of: responseHead, framing: framing, from: &server, to: outbound)
                    // Let the client read what was sent: a reset discards data still queued.
                    try? await Task.sleep(for: .milliseconds(20))
                    await Self.reset(channel)
                    return false
                }
                try await outbound.write(ByteBuffer(bytes: responseHead))
                count(toClient: responseHead.count)
                if (100..<200).contains(response.status) && response.status != 101 { continue }  // interim answer
                try await Self.pipe(framing, from: &server, to: outbound) { count(toClient: $0) }
                return !(response.closesConnection(requestMethod: request.method) || request.closesConnection)
            }
        }
    }

    /// The first half of the answer: head plus half the body, or half the head when the body is
    /// empty or its length unknown.
    private func sendPart(
        of responseHead: [UInt8], framing: FaultProxyFraming, from server: inout FaultProxyByteReader,
        to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async throws {
        guard case .length(let length) = framing, length >= 2 else {
            let half = Array(responseHead.prefix(responseHead.count / 2))
            try await outbound.write(ByteBuffer(bytes: half))
            count(toClient: half.count)
            return
        }
        try await outbound.write(ByteBuffer(bytes: responseHead))
        count(toClient: responseHead.count)
        try await Self.pipe(.length(length / 2), from: &server, to: outbound) { count(toClient: $0) }
    }

    /// Keeps the connection open without answering until the client closes it, the proxy shuts
    /// down, or `hangLimit` passes.
    private func hang(client: inout FaultProxyByteReader, channel: any Channel) async {
        let limit = channel.eventLoop.scheduleTask(in: hangLimit) { channel.close(promise: nil) }
        while (try? await client.read(upTo: 64 * 1024)) ?? nil != nil {}
        limit.cancel()
    }

    /// Copies one body, delimited by `framing`, from `reader` to `writer` (or drops it when
    /// `writer` is nil), calling `counted` with the bytes written.
    static func pipe(
        _ framing: FaultProxyFraming, from reader: inout FaultProxyByteReader,
        to writer: NIOAsyncChannelOutboundWriter<ByteBuffer>?, counted: (Int) -> Void
    ) async throws {
        switch framing {
        case .none:
            return
        case .length(var remaining):
            while remaining > 0 {
                guard let chunk = try await reader.read(upTo: Int(min(remaining, 1 << 20))) else {
                    throw FaultProxyError(message: "the peer closed with \(remaining) body bytes still to come")
                }
                remaining -= Int64(chunk.readableBytes)
                if let writer {
                    try await writer.write(chunk)
                    counted(chunk.readableBytes)
                }
            }
        case .chunked:
            while true {
                let line = try await reader.readLine()
                if let writer {
                    try await writer.write(ByteBuffer(bytes: line))
                    counted(line.count)
                }
                let sizeText = String(decoding: line, as: UTF8.self).prefix { $0.isHexDigit }
                guard let size = Int64(sizeText, radix: 16) else {
                    throw FaultProxyError(message: "a malformed chunk size line")
                }
                if size == 0 {
                    while true {  // trailer fields, then the blank line
                        let trailer = try await reader.readLine()
                        if let writer {
                            try await writer.write(ByteBuffer(bytes: trailer))
                            counted(trailer.count)
                        }
                        if trailer.count == 2 { return }
                    }
                }
                try await pipe(.length(size + 2), from: &reader, to: writer, counted: counted)
            }
        case .untilClose:
            while let chunk = try await reader.read(upTo: 1 << 20) {
                if let writer {
                    try await writer.write(chunk)
                    counted(chunk.readableBytes)
                }
            }
        }
    }

    /// Closes with SO_LINGER 0, so the peer sees a TCP reset rather than an orderly end.
    static func reset(_ channel: any Channel) async {
        if let provider = channel as? any SocketOptionProvider {
            try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }

    private func count(toServer bytes: Int) {
        state.withLock { $0.counts.bytesToServer += Int64(bytes) }
    }

    private func count(toClient bytes: Int) {
        state.withLock { $0.counts.bytesToClient += Int64(bytes) }
    }
}
