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

/// What `verify --all` checked; the `verify --all --json` document. Every snapshot, regular and
/// safety, oldest first, each verified, failed or unreadable.
public struct VerifyAllSummary: Sendable, Codable, Equatable {
    /// One snapshot's outcome.
    public struct Entry: Sendable, Codable, Equatable {
        /// The snapshot's name (`<id>` or `safety-…/<id>`).
        public var snapshot: String
        public var files: Int
        public var bytes: Int64
        /// Why the manifest did not open (another passphrase, damaged, refused); nil when it did.
        public var unreadable: String?
        /// What did not verify; nil when every file did.
        public var failure: String?
        /// The files that did not verify.
        public var failedFiles: [String]?
        /// Whether `failure` is an integrity failure (a mismatch) rather than a read that failed.
        public var integrity: Bool?

        public init(snapshot: String, files: Int = 0, bytes: Int64 = 0, unreadable: String? = nil,
                    failure: String? = nil, failedFiles: [String]? = nil, integrity: Bool? = nil) {
            self.snapshot = snapshot
            self.files = files
            self.bytes = bytes
            self.unreadable = unreadable
            self.failure = failure
            self.failedFiles = failedFiles
            self.integrity = integrity
        }

        /// Every file read back intact.
        public var verified: Bool { unreadable == nil && failure == nil }
    }

    public var snapshots: [Entry]
    /// Wall time of the whole check.
    public var durationSeconds: Double

    public init(snapshots: [Entry], durationSeconds: Double) {
        self.snapshots = snapshots
        self.durationSeconds = durationSeconds
    }
}
