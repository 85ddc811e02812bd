import AgentBackupPorts

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turning system-call failures into `StoreError`s a user can act on.
extension LocalDirectoryStore {
    /// A failure inside the store folder.
    func storeError(_ failure: LocalIOFailure, operation: String, key: String) -> StoreError {
        let message = "\(failure.operation) \(failure.path): \(failure.reason)"
        switch failure.errno {
        case ENOTDIR, EISDIR, ENOTEMPTY, EEXIST:
            return StoreError(
                .permanent, operation: operation, key: key, message: message,
                hint: "a local folder store cannot hold a key that is also a folder of other keys (like a and a/b)")
        case ENAMETOOLONG:
            return StoreError(
                .permanent, operation: operation, key: key, message: message,
                hint: "the key is too long for a path on this system; use a shorter prefix or folder")
        case EACCES, EPERM, EROFS:
            return StoreError(
                .accessDenied, operation: operation, key: key, message: message,
                hint: "check that \(root) is writable by this user")
        case ENOSPC, EDQUOT:
            return StoreError(
                .localIO, operation: operation, key: key, message: message,
                hint: "free some space on the disk that holds \(root)")
        default:
            return StoreError(.localIO, operation: operation, key: key, message: message)
        }
    }

    /// A failure reading the caller's body file or writing the caller's download file.
    func callerFileError(_ failure: LocalIOFailure, operation: String, key: String, role: String) -> StoreError {
        StoreError(
            .localIO, operation: operation, key: key,
            message: "\(role) \(failure.path): \(failure.operation) failed: \(failure.reason)",
            hint: failure.errno == ENOENT ? "check that the file and its folder exist" : nil)
    }
}
