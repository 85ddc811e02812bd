import Foundation

/// Reusable chunk buffers for streaming files, so hashing thousands of small files or encrypting
/// a huge one neither allocates per call nor grows: memory stays `chunkSize × buffers in use`.
/// Buffers beyond `retained` are freed on return.
final class ChunkBufferPool: @unchecked Sendable {
    /// Shared by the hasher and the codecs: 1 MiB chunks, a few kept.
    static let shared = ChunkBufferPool(chunkSize: 1 << 20, retained: 4)

    let chunkSize: Int
    private let retained: Int
    private let lock = NSLock()
    private var free: [UnsafeMutableRawBufferPointer] = []  // guarded by lock

    init(chunkSize: Int, retained: Int) {
        self.chunkSize = chunkSize
        self.retained = retained
    }

    /// Lends a buffer of `chunkSize` bytes for the duration of `body`; its content is whatever the
    /// last user left (callers always overwrite before reading).
    func withBuffer<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let buffer = take()
        defer { give(buffer) }
        return try body(buffer)
    }

    private func take() -> UnsafeMutableRawBufferPointer {
        lock.lock()
        let reused = free.popLast()
        lock.unlock()
        return reused ?? .allocate(byteCount: chunkSize, alignment: 64)
    }

    private func give(_ buffer: UnsafeMutableRawBufferPointer) {
        lock.lock()
        if free.count < retained {
            free.append(buffer)
            lock.unlock()
        } else {
            lock.unlock()
            buffer.deallocate()
        }
    }
}
