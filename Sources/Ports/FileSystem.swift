/// What `lstat` says about a path. Symbolic links are reported as links, never followed.
public struct FileStatus: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case regular, directory, symlink, other }

    public var kind: Kind
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var mtimeNs: Int64
    /// Status-change time in nanoseconds since the epoch.
    public var ctimeNs: Int64
    public var inode: UInt64
    public var device: UInt64
    /// Permission bits.
    public var mode: UInt32

    public init(kind: Kind, size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64, device: UInt64 = 0, mode: UInt32 = 0o644) {
        self.kind = kind
        self.size = size
        self.mtimeNs = mtimeNs
        self.ctimeNs = ctimeNs
        self.inode = inode
        self.device = device
        self.mode = mode
    }
}

/// The local file system, as the use cases need it. Paths are absolute POSIX paths.
/// Errors are `FileSystemError`, naming the path and the system's reason.
public protocol FileSystem: Sendable {
    /// `lstat`; nil when the path does not exist.
    func status(_ path: String) throws -> FileStatus?
    /// Names in a directory (no `.`/`..`), unsorted. Throws when a name is not valid UTF-8.
    func contents(ofDirectory path: String) throws -> [String]
    /// Names in a directory (no `.`/`..`), unsorted, with the names that are not valid UTF-8
    /// set apart instead of failing the listing (a backup names them and goes on).
    func listing(ofDirectory path: String) throws -> DirectoryListing
    /// `mkdir -p` with the given mode for created folders.
    func createDirectory(_ path: String, mode: UInt32) throws
    /// Removes a file or a whole folder tree; no error when missing.
    func remove(_ path: String) throws
    /// Atomic `rename(2)`.
    func rename(_ source: String, to destination: String) throws
    /// Reads a small file into memory.
    func readFile(_ path: String) throws -> [UInt8]
    /// Writes via a temp file in the same folder + fsync + rename: never a half-written file.
    func writeFileAtomically(_ path: String, contents: [UInt8], mode: UInt32) throws
    /// A new empty file with a unique name in `directory` (mode 0600), for downloads and envelopes.
    func makeTemporaryFile(in directory: String, prefix: String) throws -> String
    /// A new private folder (0700) under `parent`.
    func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String
    /// Flushes a file's data to disk.
    func sync(_ path: String) throws
    /// Flushes the data of all `paths` to disk (one call for a whole restore; an implementation
    /// may flush their file systems at once).
    func syncAll(_ paths: [String]) throws
    /// Sets permission bits.
    func setMode(_ path: String, mode: UInt32) throws
    /// Sets the modification time (nanoseconds).
    func setModificationTime(_ path: String, ns: Int64) throws
    /// Reads `path` front to back in pieces of at most `chunkBytes`, so memory does not depend
    /// on the file's size (rewriting a large transcript line by line).
    func readChunks(of path: String, chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws
    /// Creates or truncates `path` with `mode` and appends what `body` hands to `write`, without
    /// holding the whole content (not atomic and not flushed: callers write a temporary file,
    /// `sync` it and rename it).
    func writeStream(to path: String, mode: UInt32, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws
}

/// A directory's entries as a backup walks them.
public struct DirectoryListing: Sendable, Equatable {
    /// Entries whose names are valid UTF-8, exactly as the directory holds them (never normalized).
    public var names: [String]
    /// Entries whose names are not valid UTF-8, shown with their bytes escaped (`caf\xe9.md`).
    public var undecodable: [String]

    public init(names: [String], undecodable: [String] = []) {
        self.names = names
        self.undecodable = undecodable
    }
}

extension FileSystem {
    /// In one piece through `readFile` (test doubles); real file systems stream.
    public func readChunks(of path: String, chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws {
        let bytes = try readFile(path)
        if !bytes.isEmpty { try body(bytes) }
    }

    /// Collected and written through `writeFileAtomically` (test doubles); real file systems stream.
    public func writeStream(to path: String, mode: UInt32, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        var collected: [UInt8] = []
        try body { collected += $0 }
        try writeFileAtomically(path, contents: collected, mode: mode)
    }

    /// Every name, for file systems whose names are all valid UTF-8.
    public func listing(ofDirectory path: String) throws -> DirectoryListing {
        DirectoryListing(names: try contents(ofDirectory: path))
    }

    /// One `sync` per path.
    public func syncAll(_ paths: [String]) throws {
        for path in paths { try sync(path) }
    }

    /// Whether anything (file, folder, link) exists at `path`.
    public func exists(_ path: String) -> Bool {
        (try? status(path)) != nil
    }
}

/// A local file operation failed.
public struct FileSystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var operation: String
    /// `errno`, when the system gave one.
    public var errno: Int32?
    public var message: String

    public init(path: String, operation: String, errno: Int32? = nil, message: String) {
        self.path = path
        self.operation = operation
        self.errno = errno
        self.message = message
    }

    public var description: String { "\(operation) \(path): \(message)" }
}

/// Private folders for one operation's temporary files — database snapshots, redacted copies,
/// envelopes on their way up, downloads being verified — so plaintext never lingers (SPEC 15).
public protocol ScratchSpace: Sendable {
    /// Removes what runs that crashed left under `parent` (a folder only this tool writes to) and
    /// creates a new private (0700) folder there for this operation. The caller removes it when
    /// the operation ends, also when it fails.
    func openArea(under parent: String) throws -> String
}
