import CAgentBackupSQLite

/// One libsqlite3 connection, closed by `close()` or when released.
///
/// Deliberately tiny: enough for the snapshotter (open read-only or read-write, run pragmas, hand
/// the raw handle to the backup API) and for tests that build and check real databases. Not
/// `Sendable`: a connection belongs to the thread that opened it.
package final class SQLiteConnection {
    /// The raw handle, for the backup API; nil once closed.
    private(set) var handle: OpaquePointer?
    /// The file this connection was opened on, for messages.
    package let path: String

    /// Opens `path`. `readOnly` never creates or changes the database file (`SQLITE_OPEN_READONLY`);
    /// otherwise it is created if missing. Waits up to `busyTimeoutMilliseconds` for other
    /// connections' locks before reporting `SQLITE_BUSY`. URIs are not interpreted, so any file
    /// name (with `?` or `#`) is taken literally.
    package init(path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32 = 2_000) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let result = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard result == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? SQLiteError.text(for: result)
            let code = db.map { sqlite3_extended_errcode($0) } ?? result
            sqlite3_close_v2(db)
            throw SQLiteError(code: code, path: path, operation: "open", message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Closes the connection now (idempotent); any error closing is reported.
    package func close() throws(SQLiteError) {
        guard let db = handle else { return }
        handle = nil
        let result = sqlite3_close_v2(db)
        guard result == SQLITE_OK else {
            throw SQLiteError(code: result, path: path, operation: "close", message: SQLiteError.text(for: result))
        }
    }

    /// Runs one or more statements that return nothing of interest.
    package func execute(_ sql: String) throws(SQLiteError) {
        let db = try open(for: sql)
        var errorText: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(db, sql, nil, nil, &errorText)
        defer { sqlite3_free(errorText) }
        guard result == SQLITE_OK else {
            let message = errorText.map { String(cString: $0) } ?? SQLiteError.text(for: result)
            throw SQLiteError(code: sqlite3_extended_errcode(db), path: path, operation: sql, message: message)
        }
    }

    /// The first column of every row of one statement, as text (NULL as "").
    package func column(_ sql: String) throws(SQLiteError) -> [String] {
        let db = try open(for: sql)
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure(db, sql)
        }
        defer { sqlite3_finalize(statement) }
        var rows: [String] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw failure(db, sql) }
            rows.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "")
        }
    }

    /// The first column of the first row as an integer (nil when there is no row).
    package func integer(_ sql: String) throws(SQLiteError) -> Int64? {
        try column(sql).first.flatMap { Int64($0) }
    }

    /// `PRAGMA integrity_check`: nil when the database is sound, else sqlite's findings.
    package func integrityProblems() throws(SQLiteError) -> String? {
        let rows = try column("PRAGMA integrity_check")
        return rows == ["ok"] ? nil : rows.joined(separator: "; ")
    }

    /// The error sqlite holds for this connection after `operation` failed.
    func failure(_ operation: String) -> SQLiteError {
        guard let db = handle else {
            return SQLiteError(code: SQLITE_MISUSE, path: path, operation: operation, message: "the connection is closed")
        }
        return failure(db, operation)
    }

    private func failure(_ db: OpaquePointer, _ operation: String) -> SQLiteError {
        SQLiteError(
            code: sqlite3_extended_errcode(db), path: path, operation: operation,
            message: String(cString: sqlite3_errmsg(db)))
    }

    private func open(for operation: String) throws(SQLiteError) -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, path: path, operation: operation, message: "the connection is closed")
        }
        return handle
    }
}
