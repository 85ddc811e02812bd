#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

extension PosixFileSystem {
    /// Removes a file, a symbolic link (never its target) or a whole folder tree; nothing to do
    /// when `path` is missing.
    ///
    /// The walk goes through directory descriptors (`openat` with `O_NOFOLLOW`, `unlinkat`), so a
    /// symbolic link inside the tree, even one swapped in during the walk, is removed as a link and
    /// never leads the removal outside the tree. `/`, `.` and `..` are refused.
    public func remove(_ path: String) throws {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let (parent, name) = Self.split(String(trimmed))
        guard !name.isEmpty, name != ".", name != ".." else {
            throw FileSystemError(
                path: path, operation: "remove", errno: EINVAL,
                message: "refusing to remove a root, `.` or `..`; name the folder itself")
        }
        let parentFd = PosixCall.retryingInterrupts { open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard parentFd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return }
            throw PosixCall.error("open", parent, errno: code)
        }
        defer { PosixCall.closeQuietly(parentFd) }
        try Self.removeEntry(parentFd, Array(name.utf8), display: String(trimmed))
    }

    /// Splits `path` into its folder and last name (`"/a/b"` → `("/a", "b")`, `"b"` → `(".", "b")`).
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let parent = path[..<slash]
        return (parent.isEmpty ? "/" : String(parent), String(path[path.index(after: slash)...]))
    }

    /// Removes `name` inside the open folder `dirFd`, recursing into folders without following links.
    private static func removeEntry(_ dirFd: Int32, _ name: [UInt8], display: String) throws {
        let cName = name.map { CChar(bitPattern: $0) } + [0]
        var info = stat()
        if PosixCall.retryingInterrupts({ fstatat(dirFd, cName, &info, AT_SYMLINK_NOFOLLOW) }) != 0 {
            let code = errno
            if code == ENOENT { return }
            throw PosixCall.error("lstat", display, errno: code)
        }
        let isDirectory = UInt32(info.st_mode) & PosixFileStatus.typeMask == PosixFileStatus.directoryType
        if isDirectory {
            try removeChildren(dirFd, cName, display: display)
        }
        if PosixCall.retryingInterrupts({ unlinkat(dirFd, cName, isDirectory ? AT_REMOVEDIR : 0) }) != 0 {
            let code = errno
            if code == ENOENT { return }
            throw PosixCall.error(isDirectory ? "rmdir" : "unlink", display, errno: code)
        }
    }

    /// Empties the folder `cName` inside `dirFd`.
    private static func removeChildren(_ dirFd: Int32, _ cName: [CChar], display: String) throws {
        let fd = PosixCall.retryingInterrupts { openat(dirFd, cName, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return }
            throw PosixCall.error("open", display, errno: code)
        }
        guard let stream = fdopendir(fd) else {
            let code = errno
            PosixCall.closeQuietly(fd)
            throw PosixCall.error("opendir", display, errno: code)
        }
        defer { closedir(stream) }
        let children = try PosixDirectoryEntries.names(path: display) { readdir(stream) }
        for child in children {
            try removeEntry(fd, child, display: display + "/" + PosixDirectoryEntries.escaped(child))
        }
    }
}
