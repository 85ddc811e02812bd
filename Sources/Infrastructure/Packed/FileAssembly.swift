import AgentBackupPorts
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file being rebuilt from blobs that arrive in any order: each is written at its offset,
/// and the file's SHA-256 advances over the blobs in order (a blob that arrived early is read
/// back from the file when its turn comes). Reports once: the digest when every blob is in and
/// the hash matches the snapshot, or the first failure.
final class FileAssembly: @unchecked Sendable {
    let file: FileToRead
    let stored: SnapshotFile
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var arrived: [Bool]
    private var offsets: [Int64]
    private var lengths: [Int]
    private var nextToHash = 0
    private var hasher: SHA256Stream?
    private var finished = false

    init(file: FileToRead, stored: SnapshotFile) {
        self.file = file
        self.stored = stored
        arrived = Array(repeating: false, count: stored.blobs.count)
        offsets = Array(repeating: -1, count: stored.blobs.count)
        lengths = Array(repeating: 0, count: stored.blobs.count)
    }

    /// A file without blobs: its (empty) destination is already what it should be.
    func finishEmpty() -> Result<ContentDigest, any Error>? {
        lock.withLock {
            finished = true
            return check(ContentDigest(sha256: Hex.encode(ChunkHash.sha256([])), size: 0))
        }
    }

    /// Writes a verified blob at `target`; returns the outcome when this completes the file.
    func deliver(_ plaintext: [UInt8], at target: BlobTarget) -> Result<ContentDigest, any Error>? {
        lock.withLock {
            guard !finished, !arrived[target.position] else { return nil }
            do {
                try write(plaintext, at: target.offset)
                arrived[target.position] = true
                offsets[target.position] = target.offset
                lengths[target.position] = plaintext.count
                if stored.blobs.count == 1 {
                    // The blob was checked against its id, which for a one-blob file is the file's hash.
                    return complete(ContentDigest(sha256: stored.blobs[0].hex, size: Int64(plaintext.count)))
                }
                try advanceHash(with: plaintext, at: target.position)
                guard nextToHash == stored.blobs.count, let hasher else { return nil }
                let size = offsets[offsets.count - 1] + Int64(lengths[lengths.count - 1])
                return complete(ContentDigest(sha256: Hex.encode(hasher.finish()), size: size))
            } catch {
                return abandon(error)
            }
        }
    }

    /// Records a failure; returns it when the file had not been reported yet.
    func fail(_ error: any Error) -> Result<ContentDigest, any Error>? {
        lock.withLock { finished ? nil : abandon(error) }
    }

    private func advanceHash(with plaintext: [UInt8], at position: Int) throws {
        if hasher == nil { hasher = try SHA256Stream() }
        guard position == nextToHash, let hasher else { return }
        hasher.update(plaintext)
        nextToHash += 1
        while nextToHash < arrived.count, arrived[nextToHash] {
            hasher.update(try readBack(offsets[nextToHash], lengths[nextToHash]))
            nextToHash += 1
        }
    }

    private func complete(_ digest: ContentDigest) -> Result<ContentDigest, any Error> {
        finished = true
        closeFile()
        return check(digest)
    }

    private func check(_ digest: ContentDigest) -> Result<ContentDigest, any Error> {
        guard digest.sha256 == stored.entry.hash else {
            return .failure(RepositoryError(.integrity, "\(file.path): the rebuilt file's SHA-256 is \(digest.sha256), the snapshot says \(stored.entry.hash): the snapshot's blob list is damaged", files: [file.path.string]))
        }
        return .success(digest)
    }

    private func abandon(_ error: any Error) -> Result<ContentDigest, any Error> {
        finished = true
        closeFile()
        return .failure(error)
    }

    private func openFile() throws -> Int32 {
        if descriptor >= 0 { return descriptor }
        let fd = open(file.destination, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            throw FileSystemError(path: file.destination, operation: "open", errno: errno, message: String(cString: strerror(errno)))
        }
        descriptor = fd
        return fd
    }

    private func write(_ bytes: [UInt8], at offset: Int64) throws {
        let fd = try openFile()
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let count = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    throw FileSystemError(path: file.destination, operation: "write", errno: errno, message: String(cString: strerror(errno)))
                }
                done += count
            }
        }
    }

    private func readBack(_ offset: Int64, _ length: Int) throws -> [UInt8] {
        let fd = try openFile()
        var bytes = [UInt8](repeating: 0, count: length)
        let read = bytes.withUnsafeMutableBytes { PosixCall.readFully(fd, into: $0, at: offset) }
        guard read.count == length else {
            throw FileSystemError(path: file.destination, operation: "read", errno: read.errno, message: "cannot read back what was written")
        }
        return bytes
    }

    private func closeFile() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }
}
