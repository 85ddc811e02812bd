/// Removes secret values from inside files before they leave the machine, and puts the real
/// local values back on restore (implemented by the adapters' redaction rules).
///
/// The engine treats a redacted file like a database snapshot: it hashes and uploads the
/// redacted copy, so the manifest always describes the bytes in the bucket. The local file is
/// never modified by a push.
public protocol FileRedacting: Sendable {
    /// True when `path` (a virtual path such as `home/.claude.json`) has redaction rules; only
    /// such files go through the two methods below.
    func redacts(_ path: String) -> Bool

    /// Writes `source` with every secret value replaced by a placeholder to `destination`
    /// (a new file in a private folder). Must be deterministic: the same input gives the same bytes.
    func redact(file source: String, to destination: String, path: String) throws

    /// Writes to `destination` the restored, redacted file `restored` with each placeholder
    /// replaced by the value the current local file `local` holds (nil when there is none).
    /// Returns the keys still holding a placeholder, which the user must re-enter.
    func unredact(restored: String, local: String?, to destination: String, path: String) throws -> [String]
}
