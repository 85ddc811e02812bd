#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#elseif canImport(Darwin)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { Darwin.read(fd, buffer, count) }
private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif

/// A POSIX file descriptor with the few operations streaming needs, retrying on `EINTR`.
/// Failures are `PosixFile.Failure` (operation, path, errno text) for callers to wrap in their
/// own error type. Closed on deinit; call `close()` to see the error of a written file.
final class PosixFile {
    /// Why a call failed, with `strerror` text.
    struct Failure: Error {
        var operation: String
        var path: String
        var errno: Int32
        /// Replaces `strerror` when the system did not fail but we refused.
        var explanation: String?
        var reason: String { explanation ?? String(cString: strerror(errno)) }
        var description: String { "cannot \(operation) \(path): \(reason)" }
    }

    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws -> PosixFile {
        let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw Failure(operation: "open", path: path, errno: errno) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        return PosixFile(path: path, descriptor: fd)
    }

    /// Creates or truncates a file for writing, readable by the owner only (it may hold plaintext
    /// on its way to its final place, or a download not yet verified). Never follows a symbolic
    /// link at `path`: a planted link must not redirect the write.
    /// When `source` is given and `path` names the same file, refuses before truncating it:
    /// encoding a file onto itself would otherwise destroy it.
    static func createForWriting(_ path: String, distinctFrom source: PosixFile? = nil) throws -> PosixFile {
        if let source, let identity = source.identity {
            var existing = stat()
            if stat(path, &existing) == 0, existing.st_dev == identity.device, existing.st_ino == identity.inode {
                throw Failure(operation: "write", path: path, errno: EINVAL,
                              explanation: "it is the source file \(source.path) itself; write to another file")
            }
        }
        let fd = PosixCall.retryingInterrupts { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600) }
        guard fd >= 0 else { throw Failure(operation: "create", path: path, errno: errno) }
        return PosixFile(path: path, descriptor: fd)
    }

    /// Device and inode of the open file (nil if `fstat` fails).
    var identity: (device: UInt64, inode: UInt64)? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    /// Reads up to `buffer.count` bytes; 0 at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = PosixCall.retryingInterrupts { systemRead(descriptor, buffer.baseAddress, buffer.count) }
        guard count >= 0 else { throw Failure(operation: "read", path: path, errno: errno) }
        return count
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = PosixCall.readFully(descriptor, into: buffer, at: nil)
        guard read.errno == 0 else { throw Failure(operation: "read", path: path, errno: read.errno) }
        return read.count
    }

    /// Writes all of `bytes` at the current offset.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let failure = PosixCall.writeFully(descriptor, bytes, at: nil)
        guard failure == 0 else { throw Failure(operation: "write", path: path, errno: failure) }
    }

    /// Writes all of `bytes` at `offset` without moving the current offset.
    func write(_ bytes: [UInt8], at offset: Int64) throws {
        let failure = bytes.withUnsafeBytes { PosixCall.writeFully(descriptor, $0, at: offset) }
        guard failure == 0 else { throw Failure(operation: "write", path: path, errno: failure) }
    }

    /// Cuts the file to zero bytes (used to drop plaintext that failed authentication).
    func truncateToEmpty() {
        _ = ftruncate(descriptor, 0)
    }

    /// Closes now and reports a failure (a written file's last chance to report I/O errors).
    func close() throws {
        guard descriptor >= 0 else { return }
        let fd = descriptor
        descriptor = -1
        guard systemClose(fd) == 0 else { throw Failure(operation: "close", path: path, errno: errno) }
    }

    deinit {
        if descriptor >= 0 { _ = systemClose(descriptor) }
    }
}
