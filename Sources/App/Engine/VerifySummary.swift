/// What `verify` checked; the `verify --json` document. Thrown as `.integrity` when any file
/// did not verify, so a summary always means every file is intact.
public struct VerifySummary: Sendable, Codable, Equatable {
    /// The verified snapshot's name.
    public var snapshot: String
    /// Files downloaded, decrypted and hash-checked.
    public var files: Int
    /// Their plaintext bytes.
    public var bytes: Int64
    /// Wall time of the check.
    public var durationSeconds: Double

    /// A summary.
    public init(snapshot: String, files: Int, bytes: Int64, durationSeconds: Double) {
        self.snapshot = snapshot
        self.files = files
        self.bytes = bytes
        self.durationSeconds = durationSeconds
    }
}
