#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// Small helpers that turn POSIX results into `FileSystemError`s a user can act on.
///
/// Every error names the operation and the path, carries `errno`, and adds a hint for the
/// failures people hit in practice (a full disk, missing permission).
enum PosixCall {
    /// The error for `errno` after a failed call on `path`.
    static func error(_ operation: String, _ path: String, errno code: Int32 = errno) -> FileSystemError {
        FileSystemError(path: path, operation: operation, errno: code, message: message(for: code))
    }

    /// `strerror` text plus what to do about it when we know.
    static func message(for code: Int32) -> String {
        let text = String(cString: strerror(code))
        switch code {
        case ENOSPC:
            return "disk full (\(text)); free some space on this disk and run again"
        case EDQUOT:
            return "disk quota exceeded (\(text)); free some space or raise the quota and run again"
        case EACCES, EPERM:
            return "permission denied (\(text)); check the owner and mode of the path and its folders"
        case EROFS:
            return "read-only file system (\(text))"
        case EMFILE, ENFILE:
            return "too many open files (\(text)); raise the limit (ulimit -n) or lower concurrency"
        default:
            return text
        }
    }

    /// Runs `body` again while it fails with `EINTR`; returns its result (-1 on failure, errno set).
    @inline(__always)
    static func retryingInterrupts<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let result = body()
            if result == -1 && errno == EINTR { continue }
            return result
        }
    }

    /// Fills `buffer` from `fd`: with `pread` at `offset`, or with `read` at the current offset
    /// when `offset` is nil. Short reads and `EINTR` are read again; it stops early only at the
    /// end of the file. Returns the bytes read and, when a read failed, its `errno` (else 0).
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64?) -> (count: Int, errno: Int32) {
        var filled = 0
        while filled < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            let count = retryingInterrupts {
                if let offset { return pread(fd, rest.baseAddress, rest.count, off_t(offset + Int64(filled))) }
                return read(fd, rest.baseAddress, rest.count)
            }
            if count < 0 { return (filled, errno) }
            if count == 0 { break }
            filled += count
        }
        return (filled, 0)
    }

    /// Writes all of `bytes` to `fd`: with `pwrite` at `offset`, or with `write` at the current
    /// offset when `offset` is nil, writing short writes' rest and retrying `EINTR`. Returns 0, or
    /// the `errno` of the write that failed (`EIO` for a write that wrote nothing).
    static func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64?) -> Int32 {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            let count = retryingInterrupts {
                if let offset { return pwrite(fd, rest.baseAddress, rest.count, off_t(offset + Int64(done))) }
                return write(fd, rest.baseAddress, rest.count)
            }
            if count < 0 { return errno }
            if count == 0 { return EIO }
            done += count
        }
        return 0
    }

    /// Closes `fd`, ignoring the result: used on paths that are already failing or read-only.
    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }
}
