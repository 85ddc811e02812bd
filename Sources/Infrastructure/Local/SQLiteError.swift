import CAgentBackupSQLite

/// A failed call into libsqlite3, with the (extended) result code and sqlite's own message.
///
/// Package-internal: the snapshotter turns it into the port's `SQLiteSnapshotError`, which names
/// the database; tests use it to tell a refused file from a locked one.
package struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (`SQLITE_READONLY_ROLLBACK`, …); `primaryCode` is its low byte.
    package var code: Int32
    /// The file the connection was opened on.
    package var path: String
    /// What was being done, e.g. "open", "backup", "PRAGMA journal_mode=DELETE".
    package var operation: String
    /// sqlite's message (`sqlite3_errmsg`, or `sqlite3_errstr` when no connection exists).
    package var message: String

    package init(code: Int32, path: String, operation: String, message: String) {
        self.code = code
        self.path = path
        self.operation = operation
        self.message = message
    }

    /// `SQLITE_BUSY`, `SQLITE_CANTOPEN`… without the extended bits.
    package var primaryCode: Int32 { code & 0xFF }

    /// Another connection holds a lock we need; worth retrying after a short wait.
    package var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

    package var description: String { "\(operation): \(message) (sqlite code \(code))" }

    /// The text sqlite gives for a result code when there is no connection to ask.
    static func text(for code: Int32) -> String {
        guard let text = sqlite3_errstr(code) else { return "sqlite error \(code)" }
        return String(cString: text)
    }
}
