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

    /// Closes `fd`, ignoring the result: used on paths that are already failing or read-only.
    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }
}
