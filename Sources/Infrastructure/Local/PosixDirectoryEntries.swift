#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// Reads the raw entry names of an open directory stream, without `.` and `..`.
///
/// Names are kept as bytes: removal must work on any name the kernel accepts, while listing
/// for a backup decodes them as UTF-8 (see `PosixFileSystem.contents(ofDirectory:)`).
enum PosixDirectoryEntries {
    /// Every name `next` (a `readdir` call) yields, until it returns nil; throws on a read error.
    static func names(path: String, next: () -> UnsafeMutablePointer<dirent>?) throws -> [[UInt8]] {
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = next() else {
                let code = errno
                if code != 0 { throw PosixCall.error("readdir", path, errno: code) }
                return names
            }
            let bytes: [UInt8] = withUnsafePointer(to: entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { start in
                    UnsafeBufferPointer(start: start, count: strlen(start)).map { UInt8(bitPattern: $0) }
                }
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            names.append(bytes)
        }
    }

    /// A name shown in a message: printable ASCII as is, other bytes as `\xNN`.
    static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }
}
