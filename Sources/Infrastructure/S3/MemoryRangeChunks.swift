import NIOCore

/// Part of an array as an async sequence of buffers of `chunkSize` bytes, made as the request
/// body is sent: an upload from memory (a 16 MiB pack) holds its array and a few small buffers,
/// never a second whole copy. Each iteration starts again at the range's first byte, so a
/// retried request re-sends the same bytes.
struct MemoryRangeChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let bytes: [UInt8]
    let range: Range<Int>
    let chunkSize: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(spec: self, position: range.lowerBound)
    }

    struct Iterator: AsyncIteratorProtocol {
        let spec: MemoryRangeChunks
        var position: Int

        mutating func next() async -> ByteBuffer? {
            guard position < spec.range.upperBound else { return nil }
            let end = Swift.min(spec.range.upperBound, position + spec.chunkSize)
            defer { position = end }
            return ByteBuffer(bytes: spec.bytes[position..<end])
        }
    }
}
