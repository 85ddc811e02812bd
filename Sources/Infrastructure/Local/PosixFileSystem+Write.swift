#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

extension PosixFileSystem {
    /// Writes `contents` to a temp file beside `path`, sets `mode`, `fsync`s it, renames it over
    /// `path` and `fsync`s the folder: after a crash `path` holds either the old or the new bytes,
    /// never a torn file. The temp file is removed when anything fails.
    public func writeFileAtomically(_ path: String, contents: [UInt8], mode: UInt32) throws {
        let (folder, name) = Self.split(path)
        // At most 40 scalars of the name: the temp name must stay under NAME_MAX (255 bytes).
        let hint = String(String.UnicodeScalarView(name.unicodeScalars.prefix(40)))
        let temporary = try makeTemporaryFile(in: folder, prefix: "." + hint + ".tmp-")
        do {
            let fd = PosixCall.retryingInterrupts { open(temporary, O_WRONLY | O_CLOEXEC) }
            guard fd >= 0 else { throw PosixCall.error("open", temporary) }
            defer { PosixCall.closeQuietly(fd) }
            try Self.writeAll(fd, contents, path: path)
            guard fchmod(fd, mode_t(mode & 0o7777)) == 0 else { throw PosixCall.error("chmod", path) }
            guard PosixCall.retryingInterrupts({ fsync(fd) }) == 0 else { throw PosixCall.error("fsync", path) }
            try rename(temporary, to: path)
        } catch {
            try? remove(temporary)
            throw error
        }
        try sync(folder)
    }

    /// A new empty file `<directory>/<prefix>XXXXXX` (unique, `mkstemp`), mode 0600, closed.
    public func makeTemporaryFile(in directory: String, prefix: String) throws -> String {
        try Self.checkPrefix(prefix, directory: directory)
        var template = Array((directory + "/" + prefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in
            PosixCall.retryingInterrupts { mkstemp(buffer.baseAddress!) }
        }
        let created = Self.string(fromCString: template)
        guard fd >= 0 else { throw PosixCall.error("mkstemp", created) }
        defer { PosixCall.closeQuietly(fd) }
        guard fchmod(fd, 0o600) == 0 else {
            let code = errno
            _ = unlink(created)
            throw PosixCall.error("chmod", created, errno: code)
        }
        return created
    }

    /// A new private folder `<parent>/<prefix>XXXXXX` (unique, `mkdtemp`), mode 0700.
    public func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String {
        try Self.checkPrefix(prefix, directory: parent)
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        let result = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
        let created = Self.string(fromCString: template)
        guard result != nil else { throw PosixCall.error("mkdtemp", created) }
        return created
    }

    /// Writes every byte, looping over short writes.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = PosixCall.retryingInterrupts {
                    write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
                guard written > 0 else { throw PosixCall.error("write", path) }
                offset += written
            }
        }
    }

    /// The text of a NUL-terminated buffer filled in by `mkstemp`/`mkdtemp`.
    private static func string(fromCString buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A prefix is one name part: a `/` would put the file somewhere else.
    private static func checkPrefix(_ prefix: String, directory: String) throws {
        guard !prefix.contains("/"), !prefix.contains("\0") else {
            throw FileSystemError(
                path: directory, operation: "create temporary", errno: EINVAL,
                message: "the prefix \"\(prefix)\" must not contain `/` or NUL")
        }
    }
}
