#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// Converts a C `stat` into the port's `FileStatus`, hiding the Linux/Darwin field differences.
enum PosixFileStatus {
    static let typeMask: UInt32 = 0o170000
    static let regularType: UInt32 = 0o100000
    static let directoryType: UInt32 = 0o040000
    static let symlinkType: UInt32 = 0o120000

    /// The `FileStatus` for `info`, with nanosecond times.
    static func make(_ info: stat) -> FileStatus {
        let mode = UInt32(info.st_mode)
        let kind: FileStatus.Kind
        switch mode & typeMask {
        case regularType: kind = .regular
        case directoryType: kind = .directory
        case symlinkType: kind = .symlink
        default: kind = .other
        }
        #if os(Linux)
        let mtime = nanoseconds(info.st_mtim)
        let ctime = nanoseconds(info.st_ctim)
        #else
        let mtime = nanoseconds(info.st_mtimespec)
        let ctime = nanoseconds(info.st_ctimespec)
        #endif
        return FileStatus(
            kind: kind,
            size: Int64(info.st_size),
            mtimeNs: mtime,
            ctimeNs: ctime,
            inode: UInt64(info.st_ino),
            device: UInt64(info.st_dev),
            mode: mode & 0o7777
        )
    }

    static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    /// Splits nanoseconds since the epoch into a `timespec` (floor division, so times before 1970 work).
    static func timespecFrom(ns: Int64) -> timespec {
        var seconds = ns / 1_000_000_000
        var rest = ns % 1_000_000_000
        if rest < 0 {
            seconds -= 1
            rest += 1_000_000_000
        }
        return timespec(tv_sec: time_t(seconds), tv_nsec: Int(rest))
    }
}

extension PosixFileStatus {
    /// A `timespec` that tells `utimensat` to leave that time unchanged (`UTIME_OMIT`).
    /// Swift cannot import the macro, so its value per platform is spelled out here.
    static var omitTime: timespec {
        #if os(Linux)
        timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2)
        #else
        timespec(tv_sec: 0, tv_nsec: -2)
        #endif
    }
}
