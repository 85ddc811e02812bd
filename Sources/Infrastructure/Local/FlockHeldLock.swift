#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import AgentBackupPorts

/// A lock taken by `FlockInstanceLock`: the open, `flock`ed lock file.
///
/// `release()` clears the pid, unlocks and closes; it is idempotent and safe from any thread.
/// Dropping it without `release()` keeps the lock until the process exits (as `InstanceLock` says).
final class FlockHeldLock: HeldLock, @unchecked Sendable {
    // `fd` is guarded by `mutex`.
    private let mutex = NSLock()
    private var fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    func release() {
        mutex.lock()
        defer { mutex.unlock() }
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
        fd = -1
    }
}
