import CAgentBackupSQLite
import AgentBackupPorts

extension SQLiteOnlineSnapshotter {
    /// Sidecars copied with the database in the fallback: the WAL (committed rows not yet in the
    /// main file), its index, and a rollback journal (so a half-done write is rolled back in the copy).
    static let sidecarSuffixes = ["-wal", "-shm", "-journal"]

    /// Whether the online backup failed only because a READ-ONLY connection could not do something
    /// a writer would, so copying the files and finishing the job on the copy is right:
    ///
    /// - `SQLITE_CANTOPEN`: a file sqlite needs beside the database (the `-shm`/`-wal`) cannot be
    ///   opened or created read-only, e.g. the folder or the `-shm` is not writable for us.
    /// - `SQLITE_READONLY_*`: the WAL needs recovery, the `-shm` cannot be initialised or locked,
    ///   or a hot journal needs rolling back; a read-only connection may not do any of these.
    ///
    /// Everything else is a real failure and is reported: `SQLITE_NOTADB`/`SQLITE_CORRUPT` (copying
    /// would upload garbage), `SQLITE_IOERR`/`SQLITE_FULL` (the disk), and `SQLITE_BUSY`/`SQLITE_LOCKED`
    /// after every retry (a writer holds an exclusive lock; a file copy taken mid-write in rollback
    /// mode would not be consistent).
    ///
    /// Only errors on the source count: a destination that cannot be written is never a reason.
    static func fallsBack(after error: SQLiteError, database: String) -> Bool {
        error.path == database && (error.primaryCode == SQLITE_CANTOPEN || error.primaryCode == SQLITE_READONLY)
    }

    /// The fallback: copy the database and its sidecars beside `destination`, open the COPY
    /// read-write (which replays the WAL or rolls back a hot journal), checkpoint it into the main
    /// file, switch it to `journal_mode=DELETE` and check its integrity. A copy torn by a concurrent
    /// writer fails that check and is taken again, a bounded number of times.
    func copyAndCheckpoint(_ database: String, to destination: String) throws {
        var attempt = 1
        while true {
            try Self.removeCopy(destination)
            try PosixFileCopy.copy(from: database, to: destination)
            for suffix in Self.sidecarSuffixes {
                try PosixFileCopy.copy(from: database + suffix, to: destination + suffix, optional: true)
            }
            let problems = try Self.checkpointCopy(destination)
            try Self.removeCopy(destination, keepingMain: true)
            guard let problems else { return }
            guard attempt < attempts else {
                throw SQLiteError(
                    code: SQLITE_CORRUPT, path: database, operation: "file copy",
                    message: "a file copy of the database failed PRAGMA integrity_check \(attempts) times (\(problems)); "
                        + "the database is damaged or changed too fast to copy: stop the agent and run again")
            }
            pause(beforeAttempt: attempt + 1)
            attempt += 1
        }
    }

    /// Opens the copied file read-write, folds its WAL into it and makes it one file.
    /// Returns integrity findings, nil when sound.
    private static func checkpointCopy(_ destination: String) throws -> String? {
        let copy = try SQLiteConnection(path: destination, readOnly: false)
        _ = try copy.column("PRAGMA wal_checkpoint(TRUNCATE)")
        try makeSingleFile(copy)
        let problems = try copy.integrityProblems()
        try copy.close()
        return problems
    }

    /// The source must be an existing regular file (or a link to one); the copy goes elsewhere.
    static func checkPaths(database: String, destination: String) throws {
        guard database != destination else {
            throw SQLiteError(
                code: SQLITE_MISUSE, path: database, operation: "snapshot",
                message: "the destination is the database itself; pass a path in a temporary folder")
        }
        guard let status = try PosixFileSystem.followedStatus(database) else {
            throw SQLiteError(code: SQLITE_CANTOPEN, path: database, operation: "snapshot", message: "the file does not exist")
        }
        guard status.kind == .regular else {
            throw SQLiteError(
                code: SQLITE_CANTOPEN, path: database, operation: "snapshot",
                message: "not a regular file, so not a database; check the adapter's `sqlite` patterns")
        }
    }

    /// Removes a previous copy and its sidecars (all of them, or only the sidecars).
    static func removeCopy(_ destination: String, keepingMain: Bool = false) throws {
        let fs = PosixFileSystem()
        if !keepingMain { try fs.remove(destination) }
        for suffix in sidecarSuffixes { try fs.remove(destination + suffix) }
    }

    /// The port's error for any failure: names the database, gives sqlite's reason and what to do.
    static func snapshotError(_ error: any Error, database: String, busyAttempts: Int) -> SQLiteSnapshotError {
        if let error = error as? SQLiteSnapshotError { return error }
        guard let error = error as? SQLiteError else {
            return SQLiteSnapshotError(database: database, message: String(describing: error))
        }
        var message = error.path == database ? "" : "\(error.path): "
        message += "\(error.message) (during \(error.operation), sqlite code \(error.code))"
        switch error.primaryCode {
        case SQLITE_NOTADB:
            message += "; the file is not a SQLite database (or is encrypted): fix the adapter's `sqlite` patterns if it is not one"
        case SQLITE_CORRUPT:
            message += "; the database may be damaged: check it with `sqlite3 <file> 'PRAGMA integrity_check'`"
        case SQLITE_BUSY, SQLITE_LOCKED:
            message += "; another process kept it locked through \(busyAttempts) attempts: retry later, or stop the agent while backing up"
        case SQLITE_FULL:
            message += "; the disk holding the temporary copy is full: free some space"
        default:
            break
        }
        return SQLiteSnapshotError(database: database, message: message)
    }
}
