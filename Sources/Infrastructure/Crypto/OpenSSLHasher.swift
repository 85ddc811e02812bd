import AgentBackupPorts
import Foundation

/// `ContentHasher` over OpenSSL SHA-256: files are streamed in 1 MiB chunks through a pooled
/// buffer, so memory does not depend on file size. It counts the files it reads, so tests can
/// prove that a push skips unchanged files without opening them (SPEC item 10).
/// Safe to share between tasks (each call has its own digest context).
public final class OpenSSLHasher: ContentHasher, @unchecked Sendable {
    private let lock = NSLock()
    private var filesReadCount = 0     // guarded by lock
    private var bytesReadCount: Int64 = 0  // guarded by lock

    /// A hasher with zeroed counters.
    public init() {}

    /// Files opened by `digest(ofFile:)` so far.
    public var filesRead: Int {
        lock.lock()
        defer { lock.unlock() }
        return filesReadCount
    }

    /// Bytes read from files so far.
    public var bytesRead: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return bytesReadCount
    }

    /// SHA-256 and size of the file at `path`. Throws `FileSystemError` naming the path.
    public func digest(ofFile path: String) throws -> ContentDigest {
        lock.lock()
        filesReadCount += 1
        lock.unlock()
        let digest: ContentDigest
        do {
            let input = try PosixFile.openForReading(path)
            let hash = try SHA256Stream()
            var total: Int64 = 0
            try ChunkBufferPool.shared.withBuffer { buffer in
                while true {
                    let count = try input.read(into: buffer)
                    if count == 0 { break }
                    hash.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                    total += Int64(count)
                }
            }
            digest = ContentDigest(sha256: Hex.encode(hash.finish()), size: total)
        } catch let failure as PosixFile.Failure {
            throw FileSystemError(path: path, operation: failure.operation, errno: failure.errno, message: failure.reason)
        }
        lock.lock()
        bytesReadCount += digest.size
        lock.unlock()
        return digest
    }

    /// SHA-256 and length of `bytes`.
    public func digest(of bytes: [UInt8]) -> ContentDigest {
        ContentDigest(sha256: SHA256Digest.hex(bytes), size: Int64(bytes.count))
    }
}
