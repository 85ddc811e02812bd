/// Makes a consistent single-file copy of a live SQLite database (online backup API), safe
/// while the agent writes in WAL mode.
public protocol SQLiteSnapshotter: Sendable {
    /// Copies `database` into `destination` (a path inside a private temp folder). The copy is in
    /// `journal_mode=DELETE`, so it is one self-contained file. Throws `SQLiteSnapshotError`.
    func snapshot(database: String, to destination: String) throws
}

public struct SQLiteSnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    public var database: String
    public var message: String

    public init(database: String, message: String) {
        self.database = database
        self.message = message
    }

    public var description: String { "SQLite snapshot of \(database) failed: \(message)" }
}
