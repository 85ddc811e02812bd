/// Replaces secret values in files on the way to the bucket, and puts the local values back on
/// the way home. The engine calls it for every file whose virtual path it `redacts`.
///
/// Both operations are pure: they see bytes and a virtual path, never the file system, so the
/// local file is never modified by a backup.
public protocol Redacting: Sendable {
    /// True when some rule names this virtual path. The engine reads such files into memory
    /// (they are settings files, not databases) and uploads `redact(_:virtualPath:)`'s output.
    func redacts(virtualPath: String) -> Bool

    /// The bytes to upload: every value under a matching key replaced by the placeholder,
    /// everything else byte for byte. Throws `RedactionError` when the file cannot be read in
    /// its format; the engine must then NOT upload the file (it may hold the secret).
    func redact(_ contents: [UInt8], virtualPath: String) throws -> RedactedFile

    /// The bytes to write on restore. Every placeholder in `restored` whose key has a real value
    /// in `local` (the file currently on disk, nil when there is none) gets that value back, so
    /// a restore never replaces a working key with a placeholder. Placeholders with no local
    /// value stay, and are listed in `needsReentry` for the user.
    func merge(restored: [UInt8], local: [UInt8]?, virtualPath: String) throws -> MergedFile
}

/// What `Redacting.redact` produced.
public struct RedactedFile: Sendable, Equatable {
    /// The bytes to upload.
    public var contents: [UInt8]
    /// The key paths whose values were replaced (`mcpServers.github.env.GITHUB_TOKEN`).
    public var redactedKeys: [String]

    /// A result.
    public init(contents: [UInt8], redactedKeys: [String]) {
        self.contents = contents
        self.redactedKeys = redactedKeys
    }
}

/// What `Redacting.merge` produced.
public struct MergedFile: Sendable, Equatable {
    /// The bytes to write.
    public var contents: [UInt8]
    /// Key paths whose placeholder was replaced by the local value.
    public var keptLocal: [String]
    /// Key paths still holding the placeholder: the user must enter these values again.
    public var needsReentry: [String]

    /// A result.
    public init(contents: [UInt8], keptLocal: [String], needsReentry: [String]) {
        self.contents = contents
        self.keptLocal = keptLocal
        self.needsReentry = needsReentry
    }
}
