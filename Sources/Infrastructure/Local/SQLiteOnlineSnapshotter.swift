#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CAgentBackupSQLite
import AgentBackupPorts

/// Consistent single-file copies of live SQLite databases, over the system libsqlite3.
///
/// The source is opened READ-ONLY and copied with the online backup API in ONE
/// `sqlite3_backup_step(-1)`: the whole copy runs inside one read transaction, so an agent writing
/// in WAL mode at the same time neither blocks it nor restarts it (stepping in chunks restarts on
/// every commit of a live writer and was seen never to finish). `SQLITE_BUSY`/`SQLITE_LOCKED` are
/// retried a bounded number of times. The copy is switched to `journal_mode=DELETE`, so the
/// artifact is one self-contained file holding every committed row, WAL included.
///
/// When the backup cannot run because a read-only connection is not enough (see
/// `fallsBack(after:database:)`), the file and its `-wal`/`-shm`/`-journal` sidecars are copied and the COPY
/// is opened read-write, checkpointed and checked with `PRAGMA integrity_check`. A file that is not
/// a database, is corrupt, or stays locked is an error, never a silent fallback.
///
/// Blocking: call it from a thread that may block (it sleeps between retries).
public struct SQLiteOnlineSnapshotter: SQLiteSnapshotter {
    /// How long one attempt waits for another connection's lock before counting as busy.
    public var busyTimeoutMilliseconds: Int32
    /// Attempts in all (online backup, and fallback copies that come out torn).
    public var attempts: Int
    /// Wait before the second attempt; doubled for each later one.
    public var retryDelayMilliseconds: Int
    /// Told when a database had to be copied file by file instead (database, reason), so the
    /// caller can log it; the snapshot is still consistent.
    public var onFallback: (@Sendable (String, String) -> Void)?

    /// Defaults bound the worst case to about 6 s per database (5 × 1 s busy wait + 1.5 s of pauses).
    public init(
        busyTimeoutMilliseconds: Int32 = 1_000,
        attempts: Int = 5,
        retryDelayMilliseconds: Int = 100,
        onFallback: (@Sendable (String, String) -> Void)? = nil
    ) {
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.attempts = max(1, attempts)
        self.retryDelayMilliseconds = max(0, retryDelayMilliseconds)
        self.onFallback = onFallback
    }

    /// Copies `database` into `destination` (a path in a private temp folder; replaced if it exists).
    /// On failure nothing is left at `destination`; the error names the database and sqlite's reason.
    public func snapshot(database: String, to destination: String) throws {
        do {
            try Self.checkPaths(database: database, destination: destination)
            try Self.removeCopy(destination)
            do {
                try onlineBackup(database, to: destination)
            } catch let error as SQLiteError where Self.fallsBack(after: error, database: database) {
                onFallback?(database, error.description)
                try Self.removeCopy(destination)
                try copyAndCheckpoint(database, to: destination)
            }
        } catch {
            try? Self.removeCopy(destination)
            throw Self.snapshotError(error, database: database, busyAttempts: attempts)
        }
    }

    /// Online backup with bounded retries on busy/locked, then the switch to a single-file copy.
    func onlineBackup(_ database: String, to destination: String) throws {
        var attempt = 1
        while true {
            do {
                try backupOnce(database, to: destination)
                return
            } catch let error as SQLiteError where error.isBusy && attempt < attempts {
                try Self.removeCopy(destination)
                pause(beforeAttempt: attempt + 1)
                attempt += 1
            }
        }
    }

    /// One read-only connection, one `sqlite3_backup_step(-1)`, then `journal_mode=DELETE`.
    private func backupOnce(_ database: String, to destination: String) throws {
        let source = try SQLiteConnection(path: database, readOnly: true, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let copy = try SQLiteConnection(path: destination, readOnly: false)
        guard let backup = sqlite3_backup_init(copy.handle, "main", source.handle, "main") else {
            throw copy.failure("backup")
        }
        let step = sqlite3_backup_step(backup, -1)
        sqlite3_backup_finish(backup)
        guard step == SQLITE_DONE else {
            throw Self.backupFailure(step: step, copy: copy, database: database)
        }
        try Self.makeSingleFile(copy)
        try copy.close()
        try source.close()
    }

    /// Sleeps before attempt `n` (2, 3, …): the base delay, doubled each time.
    func pause(beforeAttempt n: Int) {
        let milliseconds = retryDelayMilliseconds << min(n - 2, 10)
        if milliseconds > 0 { usleep(UInt32(min(milliseconds, 4_000)) * 1_000) }
    }

    /// The step's error: the destination connection holds sqlite's message after
    /// `sqlite3_backup_finish`; source-side errors (not a database, a hot journal) name the source.
    private static func backupFailure(step: Int32, copy: SQLiteConnection, database: String) -> SQLiteError {
        var code = step
        var message = SQLiteError.text(for: step)
        if let db = copy.handle, sqlite3_errcode(db) & 0xFF == step & 0xFF {
            code = sqlite3_extended_errcode(db)
            message = String(cString: sqlite3_errmsg(db))
        }
        return SQLiteError(code: code, path: database, operation: "backup", message: message)
    }

    /// `PRAGMA journal_mode=DELETE` on the copy (it keeps WAL mode in its header otherwise).
    static func makeSingleFile(_ copy: SQLiteConnection) throws {
        let mode = try copy.column("PRAGMA journal_mode=DELETE")
        guard mode == ["delete"] else {
            throw SQLiteError(
                code: SQLITE_ERROR, path: copy.path, operation: "PRAGMA journal_mode=DELETE",
                message: "the copy stayed in journal mode \(mode.joined())")
        }
    }
}
