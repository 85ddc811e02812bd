#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

extension PosixFileSystem {
    /// Makes the data of every file in `paths` durable before any of them is renamed into place.
    /// On Linux one `syncfs(2)` per file system replaces an open + `fsync` + close per file: a
    /// restore of 5,000 small files spent more time there than in its downloads. Elsewhere (or
    /// without `syncfs`) each file is fsync'd.
    public func syncAll(_ paths: [String]) throws {
        guard let syncfs = Self.syncfs, paths.count > 1 else {
            for path in paths { try sync(path) }
            return
        }
        var onePathPerDevice: [UInt64: String] = [:]
        for path in paths {
            guard let status = try status(path) else {
                throw FileSystemError(path: path, operation: "sync", message: "the file disappeared before it was flushed to disk")
            }
            if onePathPerDevice[status.device] == nil { onePathPerDevice[status.device] = path }
        }
        for path in onePathPerDevice.values {
            let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
            guard fd >= 0 else { throw PosixCall.error("open", path) }
            defer { PosixCall.closeQuietly(fd) }
            guard PosixCall.retryingInterrupts({ syncfs(fd) }) == 0 else { throw PosixCall.error("syncfs", path) }
        }
    }

    /// `syncfs` from the C library, looked up once: Swift's Glibc module does not declare it
    /// (it needs `_GNU_SOURCE`). Nil on systems without it.
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
