/// What `migrate` did; the `migrate --json` document. Thrown instead when any snapshot could
/// not be copied or did not verify, so a summary always means the whole history is in the
/// destination and reads back.
public struct MigrateSummary: Sendable, Codable, Equatable {
    /// One snapshot of the history, in the order it was migrated (oldest first).
    public struct Snapshot: Sendable, Codable, Equatable {
        public enum Outcome: String, Sendable, Codable {
            /// Written by this run.
            case copied
            /// Already in the destination with the same manifest (an earlier run).
            case alreadyThere
        }

        /// The snapshot's name (`<id>` or `safety-…/<id>`), the same in both repositories.
        public var snapshot: String
        public var outcome: Outcome
        /// Files in the snapshot.
        public var files: Int
        /// Files whose bytes were sent.
        public var stored: Int
        /// Files carried from the previous migrated snapshot without sending their bytes.
        public var reused: Int
        /// Plaintext bytes of the snapshot.
        public var bytes: Int64

        public init(snapshot: String, outcome: Outcome, files: Int, stored: Int = 0, reused: Int = 0, bytes: Int64) {
            self.snapshot = snapshot
            self.outcome = outcome
            self.files = files
            self.stored = stored
            self.reused = reused
            self.bytes = bytes
        }
    }

    /// The source, for messages.
    public var source: String
    /// The destination, for messages.
    public var destination: String
    /// The destination's layout (`reference`, `packed`).
    public var layout: String
    /// Every snapshot of the history, oldest first.
    public var snapshots: [Snapshot]
    /// Files read back from the destination and hash-checked (every file of every snapshot).
    public var verifiedFiles: Int
    /// Wall time of the whole run.
    public var durationSeconds: Double

    public init(source: String, destination: String, layout: String, snapshots: [Snapshot] = [], verifiedFiles: Int = 0, durationSeconds: Double = 0) {
        self.source = source
        self.destination = destination
        self.layout = layout
        self.snapshots = snapshots
        self.verifiedFiles = verifiedFiles
        self.durationSeconds = durationSeconds
    }

    /// Snapshots written by this run.
    public var copied: Int { snapshots.filter { $0.outcome == .copied }.count }
    /// Snapshots an earlier run had already written.
    public var alreadyThere: Int { snapshots.filter { $0.outcome == .alreadyThere }.count }
}
