#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// The real local file system over POSIX calls (`lstat`, `opendir`, `mkdir`, `rename`, `fsync`…).
///
/// Stateless and `Sendable`: one value can be shared by every task. Paths are absolute POSIX paths
/// handed to the system as UTF-8, so Unicode names (`My Notes ü 日本.md`, emoji) work as they are.
/// Symbolic links are never followed by `status`, `remove` or the directory walk. Every failure is a
/// `FileSystemError` naming the operation, the path, `errno` and the reason (a full disk says so).
public struct PosixFileSystem: FileSystem {
    /// Creates the file system; it holds no state.
    public init() {}

    /// `lstat`: the link itself for a symbolic link; nil when the path (or a folder on the way)
    /// does not exist.
    public func status(_ path: String) throws -> FileStatus? {
        var info = stat()
        let result = PosixCall.retryingInterrupts { lstat(path, &info) }
        if result == 0 { return PosixFileStatus.make(info) }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return nil }
        throw PosixCall.error("lstat", path, errno: code)
    }

    /// `stat`: like `status` but through symbolic links (what a link points to); nil when missing.
    static func followedStatus(_ path: String) throws -> FileStatus? {
        var info = stat()
        if PosixCall.retryingInterrupts({ stat(path, &info) }) == 0 { return PosixFileStatus.make(info) }
        let code = errno
        if code == ENOENT || code == ENOTDIR { return nil }
        throw PosixCall.error("stat", path, errno: code)
    }

    /// Names in the folder (no `.`/`..`), unsorted. A name that is not valid UTF-8 cannot be
    /// represented in a manifest, so it is an error naming the folder, never a silent skip.
    public func contents(ofDirectory path: String) throws -> [String] {
        let listing = try listing(ofDirectory: path)
        if let bad = listing.undecodable.first {
            throw FileSystemError(
                path: path, operation: "readdir", errno: EILSEQ,
                message: "the entry \"\(bad)\" has a name that is not valid UTF-8; rename it (e.g. with convmv)")
        }
        return listing.names
    }

    /// Names as the kernel gives them: valid UTF-8 kept byte for byte (a String holds exactly
    /// those bytes; only its comparison is by canonical equivalence), the rest set apart.
    public func listing(ofDirectory path: String) throws -> DirectoryListing {
        guard let dir = opendir(path) else { throw PosixCall.error("opendir", path) }
        defer { closedir(dir) }
        let raw = try PosixDirectoryEntries.names(path: path) { readdir(dir) }
        var listing = DirectoryListing(names: [])
        listing.names.reserveCapacity(raw.count)
        for bytes in raw {
            if let name = String(validating: bytes, as: UTF8.self) {
                listing.names.append(name)
            } else {
                listing.undecodable.append(PosixDirectoryEntries.escaped(bytes))
            }
        }
        return listing
    }

    /// `mkdir -p`: creates every missing folder of `path` with `mode` (less the umask). Existing
    /// folders, and symbolic links to folders on the way, are accepted as they are.
    public func createDirectory(_ path: String, mode: UInt32) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var current = path.hasPrefix("/") ? "" : "."
        for part in parts {
            current += "/" + part
            if PosixCall.retryingInterrupts({ mkdir(current, mode_t(mode)) }) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(current, &info) == 0 {
                if UInt32(info.st_mode) & PosixFileStatus.typeMask == PosixFileStatus.directoryType { continue }
                throw FileSystemError(
                    path: current, operation: "mkdir", errno: ENOTDIR,
                    message: "exists but is not a folder; move it away so \(path) can be created")
            }
            throw PosixCall.error("mkdir", current, errno: code)
        }
    }

    /// `rename(2)`: atomic within one file system; replaces an existing destination file.
    public func rename(_ source: String, to destination: String) throws {
        guard PosixCall.retryingInterrupts({ Glibc_rename(source, destination) }) == 0 else {
            let code = errno
            throw FileSystemError(
                path: source, operation: "rename", errno: code,
                message: "to \(destination): \(PosixCall.message(for: code))")
        }
    }

    /// Reads the whole file into memory: only for small files (manifests, caches, config).
    public func readFile(_ path: String) throws -> [UInt8] {
        let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw PosixCall.error("open", path) }
        defer { PosixCall.closeQuietly(fd) }
        var info = stat()
        let expected = fstat(fd, &info) == 0 ? max(Int(info.st_size), 0) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected + 1)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                PosixCall.retryingInterrupts { read(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { throw PosixCall.error("read", path) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Flushes the file's (or folder's) data to disk with `fsync`.
    public func sync(_ path: String) throws {
        let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw PosixCall.error("open", path) }
        defer { PosixCall.closeQuietly(fd) }
        guard PosixCall.retryingInterrupts({ fsync(fd) }) == 0 else { throw PosixCall.error("fsync", path) }
    }

    /// `chmod`: sets the permission bits (not affected by the umask).
    public func setMode(_ path: String, mode: UInt32) throws {
        guard PosixCall.retryingInterrupts({ chmod(path, mode_t(mode & 0o7777)) }) == 0 else {
            throw PosixCall.error("chmod", path)
        }
    }

    /// `utimensat`: sets the modification time to the nanosecond, leaving the access time alone.
    /// A symbolic link's own time is set, never its target's.
    public func setModificationTime(_ path: String, ns: Int64) throws {
        var times = [PosixFileStatus.omitTime, PosixFileStatus.timespecFrom(ns: ns)]
        let result = times.withUnsafeMutableBufferPointer { buffer in
            PosixCall.retryingInterrupts { utimensat(AT_FDCWD, path, buffer.baseAddress, AT_SYMLINK_NOFOLLOW) }
        }
        guard result == 0 else { throw PosixCall.error("utimensat", path) }
    }
}

/// `rename` is shadowed by the method of the same name; this reaches the C function.
@inline(__always)
private func Glibc_rename(_ source: String, _ destination: String) -> Int32 {
    #if canImport(Glibc)
    return Glibc.rename(source, destination)
    #else
    return Darwin.rename(source, destination)
    #endif
}
