#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// The single-instance lock: `flock(LOCK_EX | LOCK_NB)` on one file per lock name in a tool-owned
/// folder (e.g. `~/.agent-backup/locks`), with the holder's pid written inside for messages.
///
/// The kernel drops a `flock` when its holder's last descriptor closes, so a crashed or killed
/// holder never blocks the next run, and no stale-pid guessing is needed. Locks belong to an open
/// file description: a second `acquire` of the same name in the SAME process conflicts too.
/// Lock files are kept (never unlinked), so two processes can never lock different inodes.
public struct FlockInstanceLock: InstanceLock {
    /// The folder holding the lock files; created (0700) on first use.
    public let directory: String

    /// - Parameter directory: a folder only this tool writes to, e.g. `~/.agent-backup/locks`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Takes the lock for `name` (e.g. "goose|my-bucket|goose-backup"), or throws `LockError` with
    /// the holder's pid and "already running (pid N)" when another run holds it. Other failures
    /// (the folder cannot be created or written) are `FileSystemError`s naming the path.
    public func acquire(name: String) throws -> any HeldLock {
        try PosixFileSystem().createDirectory(directory, mode: 0o700)
        let path = lockFilePath(for: name)
        let fd = PosixCall.retryingInterrupts { open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode_t(0o600)) }
        guard fd >= 0 else { throw PosixCall.error("open lock file", path) }
        if PosixCall.retryingInterrupts({ flock(fd, LOCK_EX | LOCK_NB) }) != 0 {
            let code = errno
            defer { PosixCall.closeQuietly(fd) }
            guard code == EWOULDBLOCK || code == EAGAIN else { throw PosixCall.error("flock", path, errno: code) }
            let holder = Self.holderPid(fd)
            throw LockError(
                name: name, holderPid: holder,
                message: "agent-backup is already running (pid \(holder.map(String.init) ?? "unknown")) for \(name); "
                    + "wait for it to finish or stop it (lock file \(path))")
        }
        do {
            try Self.writePid(getpid(), to: fd, path: path)
        } catch {
            PosixCall.closeQuietly(fd)
            throw error
        }
        return FlockHeldLock(fd: fd)
    }

    /// Where the lock for `name` lives: a file name made safe (see `fileName(for:)`) in `directory`.
    public func lockFilePath(for name: String) -> String {
        directory + "/" + Self.fileName(for: name)
    }

    /// A safe, stable file name for any lock name: the name's letters, digits, `.`, `-` and `_`
    /// (others become `_`, at most 64), then a 64-bit FNV-1a hash of the exact name so names that
    /// read alike never share a file: `goose_my-bucket_goose-backup-1a2b3c4d5e6f7a8b.lock`.
    static func fileName(for name: String) -> String {
        var readable = String(String.UnicodeScalarView(name.unicodeScalars.prefix(64).map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? scalar : "_"
        }))
        if readable.hasPrefix(".") { readable = "_" + readable.dropFirst() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return readable + "-" + String(repeating: "0", count: 16 - hex.count) + hex + ".lock"
    }

    /// The pid the holder wrote; it writes right after locking, so an empty file is read again briefly.
    private static func holderPid(_ fd: Int32) -> Int32? {
        for attempt in 0..<5 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                if let line = text.split(whereSeparator: \.isWhitespace).first, let pid = Int32(line) { return pid }
            }
            if attempt < 4 { usleep(20_000) }
        }
        return nil
    }

    /// Replaces the file's contents with "<pid>\n".
    static func writePid(_ pid: Int32, to fd: Int32, path: String) throws {
        guard ftruncate(fd, 0) == 0 else { throw PosixCall.error("truncate lock file", path) }
        let bytes = Array("\(pid)\n".utf8)
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard written == bytes.count else { throw PosixCall.error("write lock file", path) }
    }
}
