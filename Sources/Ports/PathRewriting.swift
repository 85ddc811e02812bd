import AgentBackupDomain

/// Rewrites absolute paths inside restored files for `restore --map`: the adapter marks the
/// files that hold paths (transcripts' `cwd`, project lists) and how they are read; the engine
/// calls this on each such file after it is downloaded and hash-checked, before it is installed.
///
/// The implementation reads and writes through the `FileSystem` it is given (streaming: a
/// transcript of any size is rewritten line by line) and changes only the bytes of values that
/// ARE a mapped path or start with one followed by `/`; everything else stays byte-identical.
public protocol PathRewriting: Sendable {
    /// True when the file stored under `virtualPath` in the snapshot may hold absolute paths.
    func holdsPaths(virtualPath: String) -> Bool

    /// True when the file is one of the agent's project indexes: a restore reads it before
    /// planning renames, to learn the full paths that hashed or shortened names stand for.
    func isIndex(virtualPath: String) -> Bool

    /// Every absolute path the file `path` (stored under `virtualPath`) names, as bytes. A file
    /// that does not read in its format names none.
    func absolutePaths(inFile path: String, virtualPath: String, fileSystem: any FileSystem) throws -> [[UInt8]]

    /// Writes `source` (verified plaintext stored under `virtualPath`) with its mapped paths
    /// replaced into `destination` (mode 0600), then reads `destination` back with every
    /// replacement undone (through `scratch`, a private temporary path the caller removes) and
    /// returns the digest of that: the snapshot's bytes when the rewrite is faithful. Throws
    /// `PathRewriteMismatch` when a replaced value is not where, or not what, it should be.
    func rewrite(
        _ source: String, virtualPath: String, mapper: PathMapper, into destination: String, scratch: String,
        fileSystem: any FileSystem, hasher: any ContentHasher
    ) throws -> PathRewriteResult
}

/// What `PathRewriting.rewrite` did to one file.
public struct PathRewriteResult: Sendable, Equatable {
    /// Values (and member names that are paths) replaced. Zero: `destination` is not to be
    /// used (it may not exist), the downloaded file is installed as it is.
    public var values: Int
    /// Values naming a mapped path in a spelling not rewritten (escapes, block text): left as
    /// they were.
    public var leftAlone: Int
    /// JSON Lines lines that are not JSON (a torn last line) or too long, copied unread.
    public var unreadLines: Int
    /// Why the file could not be read in its format (it is then installed as it was).
    public var unreadable: String?
    /// The digest of `destination` with every replacement undone; nil when nothing was replaced.
    public var undone: ContentDigest?

    public init(values: Int = 0, leftAlone: Int = 0, unreadLines: Int = 0, unreadable: String? = nil, undone: ContentDigest? = nil) {
        self.values = values
        self.leftAlone = leftAlone
        self.unreadLines = unreadLines
        self.unreadable = unreadable
        self.undone = undone
    }
}

/// A rewritten value no longer reads as the path it should: the rewrite cannot be trusted.
public struct PathRewriteMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte (of the rewritten unit) where the mismatch was found.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) (byte \(offset))" }
}
