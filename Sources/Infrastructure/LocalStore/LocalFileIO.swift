#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: what was done to which path, and `errno`.
struct LocalIOFailure: Error {
    var operation: String
    var path: String
    var errno: Int32

    var reason: String { String(cString: strerror(errno)) }
}

/// Thin POSIX helpers for the local folder store: streaming copies with a bounded buffer,
/// exclusive temporary files, `fsync`, and folder listings that keep names as raw bytes.
enum LocalFileIO {
    /// Bytes moved per read/write: memory stays bounded whatever the file size.
    static let bufferSize = 1 << 20

    /// What a folder entry is (symbolic links are never followed).
    enum Kind { case file, directory, other }

    /// Opens a regular file for reading (a symbolic link or a folder counts as missing) and returns
    /// the descriptor and its size.
    static func openRegularFile(_ path: String) throws -> (fd: Int32, size: Int64) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw LocalIOFailure(operation: "open", path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw LocalIOFailure(operation: "stat", path: path, errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw LocalIOFailure(operation: "open", path: path, errno: ENOENT)
        }
        return (fd, Int64(info.st_size))
    }

    /// Creates (or truncates) `path` for writing, mode 0600 for new files.
    static func openForWriting(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LocalIOFailure(operation: "create", path: path, errno: errno) }
        return fd
    }

    /// A new file `%tmp-<random>` in `directory`, mode 0600, opened exclusively for writing.
    static func createTemporaryFile(in directory: String) throws -> (fd: Int32, path: String) {
        while true {
            let path = directory + "/" + LocalKeyMapping.temporaryPrefix + String(UInt64.random(in: .min ... .max), radix: 36)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, path) }
            if errno != EEXIST { throw LocalIOFailure(operation: "create", path: path, errno: errno) }
        }
    }

    /// Copies everything from `source` to `destination`; returns the bytes copied.
    static func copyAll(from source: Int32, sourcePath: String, to destination: Int32, destinationPath: String) throws -> Int64 {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LocalIOFailure(operation: "read", path: sourcePath, errno: errno)
            }
            if count == 0 { return total }
            try buffer.withUnsafeBytes { try writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: destination, path: destinationPath) }
            total += Int64(count)
        }
    }

    /// Writes every byte, retrying short writes and interruptions.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        let failure = PosixCall.writeFully(fd, bytes, at: nil)
        if failure != 0 { throw LocalIOFailure(operation: "write", path: path, errno: failure) }
    }

    /// Reads exactly `size` bytes (fewer if the file shrank).
    static func readAll(_ fd: Int32, size: Int, path: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { PosixCall.readFully(fd, into: $0, at: nil) }
        if read.errno != 0 { throw LocalIOFailure(operation: "read", path: path, errno: read.errno) }
        return Array(bytes[0..<read.count])
    }

    /// Flushes a file's data to disk.
    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw LocalIOFailure(operation: "fsync", path: path, errno: errno) }
    }

    /// Closes, reporting a failure (a late write error on some file systems).
    static func closeChecked(_ fd: Int32, path: String) throws {
        guard close(fd) == 0 else { throw LocalIOFailure(operation: "close", path: path, errno: errno) }
    }

    /// Atomic `rename(2)`.
    static func move(_ source: String, to destination: String) throws {
        guard rename(source, destination) == 0 else { throw LocalIOFailure(operation: "rename", path: destination, errno: errno) }
    }

    /// Creates every missing folder of `components` under `root` (mode 0700); an existing non-folder
    /// in the way fails with ENOTDIR.
    static func makeDirectories(_ components: [String], under root: String) throws {
        var path = root
        for component in components {
            path += "/" + component
            if mkdir(path, 0o700) == 0 { continue }
            let code = errno
            if code == EEXIST, kind(of: path) == .directory { continue }
            throw LocalIOFailure(operation: "mkdir", path: path, errno: code == EEXIST ? ENOTDIR : code)
        }
    }

    /// What is at `path` without following links, or nil when nothing is.
    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Size of the regular file at `path`, or nil when there is none (links and folders included).
    static func regularFileSize(_ path: String) -> Int64? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The names in a folder as raw bytes (no `.`/`..`), or [] when it does not exist.
    static func entries(of directory: String) throws -> [[UInt8]] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw LocalIOFailure(operation: "opendir", path: directory, errno: errno)
        }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// Removes a file; a missing one is not an error.
    static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw LocalIOFailure(operation: "unlink", path: path, errno: errno) }
    }

    /// Removes empty folders from `path` upwards, stopping at `root` or the first non-empty one.
    /// (Works on UTF-8 bytes: a `/` followed by a combining mark is one Swift `Character`.)
    static func removeEmptyDirectories(from path: String, stoppingAt root: String) {
        let rootBytes = Array(root.utf8) + [UInt8(ascii: "/")]
        var current = Array(path.utf8)
        while current.count > rootBytes.count, current.starts(with: rootBytes) {
            guard rmdir(String(decoding: current, as: UTF8.self)) == 0 else { return }
            guard let slash = current.lastIndex(of: UInt8(ascii: "/")) else { return }
            current.removeSubrange(slash...)
        }
    }
}
