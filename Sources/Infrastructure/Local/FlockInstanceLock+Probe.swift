#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

extension FlockInstanceLock {
    /// Whether a run holds the lock `name`, without taking it: the lock file is opened read-only
    /// (never created) and tried with a shared, non-blocking `flock` that is dropped at once. A
    /// run starting in that instant (microseconds) would see the lock busy, as with any other
    /// holder; no pid is written.
    public func holder(name: String) -> InstanceLockHolder {
        let path = lockFilePath(for: name)
        let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        guard fd >= 0 else { return .free }
        defer { PosixCall.closeQuietly(fd) }
        if PosixCall.retryingInterrupts({ flock(fd, LOCK_SH | LOCK_NB) }) == 0 {
            _ = flock(fd, LOCK_UN)
            return .free
        }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        return .held(pid: text.split(whereSeparator: \.isWhitespace).first.flatMap { Int32($0) })
    }
}
