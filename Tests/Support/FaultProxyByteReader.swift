import NIOCore

/// Buffered reads from one side of a proxied connection: whole heads, lines, and body bytes,
/// so the proxy can find message boundaries while forwarding the bytes unchanged.
struct FaultProxyByteReader {
    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()

    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) {
        iterator = inbound.makeAsyncIterator()
    }

    /// Bytes already received and not yet consumed.
    var buffered: Int { buffer.readableBytes }

    /// Waits for more bytes; false when the peer has closed.
    mutating func fill() async throws -> Bool {
        guard var more = try await iterator.next() else { return false }
        if buffer.readableBytes == 0 {
            buffer = more  // the common case: no copy, and read bytes never pile up
        } else {
            buffer.discardReadBytes()
            buffer.writeBuffer(&more)
        }
        return true
    }

    /// The next head, through its blank line; nil when the peer closed cleanly before sending a
    /// byte of it.
    mutating func readHead(limit: Int = 64 * 1024) async throws -> [UInt8]? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            let view = buffer.readableBytesView
            if let range = view.firstRange(of: terminator) {
                let length = view.distance(from: view.startIndex, to: range.upperBound)
                return buffer.readBytes(length: length)
            }
            if view.count > limit {
                throw FaultProxyError(message: "an HTTP head longer than \(limit) bytes")
            }
            guard try await fill() else {
                if buffer.readableBytes == 0 { return nil }
                throw FaultProxyError(message: "the peer closed in the middle of an HTTP head")
            }
        }
    }

    /// The next line, with its CRLF.
    mutating func readLine(limit: Int = 8 * 1024) async throws -> [UInt8] {
        let terminator: [UInt8] = [13, 10]
        while true {
            let view = buffer.readableBytesView
            if let range = view.firstRange(of: terminator) {
                return buffer.readBytes(length: view.distance(from: view.startIndex, to: range.upperBound))!
            }
            if view.count > limit { throw FaultProxyError(message: "a chunk line longer than \(limit) bytes") }
            guard try await fill() else { throw FaultProxyError(message: "the peer closed in the middle of a line") }
        }
    }

    /// Between 1 and `maximum` bytes; nil when the peer has closed and nothing is left.
    mutating func read(upTo maximum: Int) async throws -> ByteBuffer? {
        if buffer.readableBytes == 0 {
            guard try await fill() else { return nil }
        }
        return buffer.readSlice(length: min(maximum, buffer.readableBytes))
    }
}
