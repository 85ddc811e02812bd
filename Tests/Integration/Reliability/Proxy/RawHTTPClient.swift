@testable import AgentBackupTestSupport
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What came back for one raw request.
enum RawOutcome: Equatable {
    /// A complete response.
    case response(status: Int, headers: [FaultProxyRequest.HeaderField], body: [UInt8])
    /// The connection failed or closed before a complete response; `received` bytes had arrived.
    case broken(received: Int, reset: Bool)

    var status: Int? {
        if case .response(let status, _, _) = self { return status }
        return nil
    }

    var body: [UInt8]? {
        if case .response(_, _, let body) = self { return body }
        return nil
    }

    func header(_ name: String) -> String? {
        guard case .response(_, let headers, _) = self else { return nil }
        return headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A deliberately dumb HTTP/1.1 client for the proxy's tests: writes exactly the bytes given,
/// one request after another on one connection, and reports byte by byte what came back,
/// including resets, which a real client would hide behind retries.
enum RawHTTPClient {
    /// Sends `requests` in turn on one connection; stops at the first broken answer. A read that
    /// waits longer than `timeout` closes the connection (so a hang shows as `broken(0, false)`).
    static func exchange(
        port: Int, _ requests: [[UInt8]], timeout: TimeAmount = .seconds(60)
    ) async throws -> [RawOutcome] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let timer = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { timer.cancel() }
        return try await channel.executeThenClose { inbound, outbound in
            var reader = FaultProxyByteReader(inbound)
            var outcomes: [RawOutcome] = []
            for request in requests {
                do {
                    try await outbound.write(ByteBuffer(bytes: request))
                } catch {
                    outcomes.append(.broken(received: 0, reset: false))  // the server closed already
                    break
                }
                let method = String(decoding: request.prefix { $0 != 32 }, as: UTF8.self)
                let outcome = await readResponse(&reader, method: method)
                outcomes.append(outcome)
                if case .broken = outcome { break }
            }
            return outcomes
        }
    }

    /// A request with a Content-Length body (or none), as bytes.
    static func request(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "PUT" || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    private static func readResponse(_ reader: inout FaultProxyByteReader, method: String) async -> RawOutcome {
        var received = 0
        var body: [UInt8] = []
        do {
            guard let head = try await reader.readHead() else { return .broken(received: 0, reset: false) }
            received = head.count
            let parsed = try FaultProxyResponseHead.parse(head)
            switch parsed.framing(requestMethod: method) {
            case .none:
                break
            case .length(let length):
                while body.count < length {
                    guard let chunk = try await reader.read(upTo: Int(length) - body.count) else {
                        return .broken(received: received + body.count, reset: false)
                    }
                    body += chunk.readableBytesView
                }
            case .chunked:
                while true {
                    let line = try await reader.readLine()
                    received += line.count
                    let size = Int(String(decoding: line, as: UTF8.self).prefix { $0.isHexDigit }, radix: 16) ?? 0
                    if size == 0 {
                        while try await reader.readLine().count > 2 {}  // trailers, then the blank line
                        break
                    }
                    var remaining = size
                    while remaining > 0 {
                        guard let chunk = try await reader.read(upTo: remaining) else {
                            return .broken(received: received + body.count, reset: false)
                        }
                        body += chunk.readableBytesView
                        remaining -= chunk.readableBytes
                    }
                    _ = try await reader.readLine()  // the CRLF after the chunk data
                }
            case .untilClose:
                while let chunk = try await reader.read(upTo: 1 << 16) { body += chunk.readableBytesView }
            }
            return .response(status: parsed.status, headers: parsed.headers, body: body)
        } catch let error as IOError where error.errnoCode == ECONNRESET {
            return .broken(received: received + body.count + reader.buffered, reset: true)
        } catch {
            return .broken(received: received + body.count + reader.buffered, reset: false)
        }
    }
}
