import Foundation
import Testing
import AgentBackupPorts
@testable import AgentBackupInfrastructure

@Suite("SQLiteOnlineSnapshotter")
struct SQLiteOnlineSnapshotterTests {
    @Test func walRowsHeldOnlyInTheWALAreInTheSingleFileCopy() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let database = folder.file("My Notes ü 日本 ?#.db")
        try LocalSQLite.makeWALDatabase(database)
        let writer = try SQLiteConnection(path: database, readOnly: false)
        defer { try? writer.close() }
        try writer.execute("PRAGMA wal_autocheckpoint=0")
        try LocalSQLite.insert(writer, count: 1_000)

        // The rows really are only in the WAL: the main file alone holds an empty table.
        #expect(LocalSQLite.size(database + "-wal") > 100_000)
        try FileManager.default.copyItem(atPath: database, toPath: folder.file("main-only.db"))
        #expect(try LocalSQLite.inspect(folder.file("main-only.db")).rows == 0)

        let mainBefore = try Data(contentsOf: URL(fileURLWithPath: database))
        let copy = folder.file("snapshot 🎉.db")
        try SQLiteOnlineSnapshotter().snapshot(database: database, to: copy)
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == mainBefore)

        let result = try LocalSQLite.inspect(copy)
        #expect(result.rows == 1_000)
        #expect(result.problems == nil)
        #expect(result.journalMode == "delete")
        #expect(!folder.exists("snapshot 🎉.db-wal"))
        #expect(!folder.exists("snapshot 🎉.db-shm"))
        #expect(!folder.exists("snapshot 🎉.db-journal"))
        // The source is untouched: its rows are still in its WAL.
        #expect(LocalSQLite.size(database + "-wal") > 100_000)
    }

    @Test func aLiveWriterDoesNotStopTheSnapshotOrLoseCommittedRows() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let database = folder.file("live.db")
        try LocalSQLite.makeWALDatabase(database)
        do {
            let filler = try SQLiteConnection(path: database, readOnly: false)
            try LocalSQLite.insert(filler, count: 20_000, bytes: 400, perTransaction: 2_000)
            try filler.close()
        }
        let state = startLocalLiveWriter(database)
        defer { state.stop() }
        while state.committed < 20_050 && state.error == nil { usleep(1_000) }
        #expect(state.error == nil)

        let committedBefore = state.committed
        let started = Date()
        try SQLiteOnlineSnapshotter().snapshot(database: database, to: folder.file("copy.db"))
        let seconds = Date().timeIntervalSince(started)
        let committedAfter = state.committed

        #expect(seconds < 10)
        let copy = try SQLiteConnection(path: folder.file("copy.db"), readOnly: true)
        defer { try? copy.close() }
        #expect(try copy.integer("SELECT count(*) FROM items WHERE id <= \(committedBefore)") == committedBefore)
        #expect(try copy.integer("SELECT max(id) FROM items") ?? 0 <= committedAfter)
        #expect(try copy.integrityProblems() == nil)
        #expect(try copy.column("PRAGMA journal_mode") == ["delete"])
        state.stop()
        while !state.finished { usleep(1_000) }
        #expect(state.error == nil)
        #expect(state.committed > committedBefore)
    }

    @Test func aFileThatIsNotADatabaseIsAClearErrorNotAFallback() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let database = folder.file("notes.db")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: database))
        let fallbacks = LocalFallbackLog()
        let snapshotter = SQLiteOnlineSnapshotter(onFallback: { db, reason in fallbacks.add(db, reason) })

        let error = #expect(throws: SQLiteSnapshotError.self) {
            try snapshotter.snapshot(database: database, to: folder.file("copy.db"))
        }
        #expect(error?.database == database)
        #expect(error?.message.contains("not a database") == true)
        #expect(error?.description.contains(database) == true)
        #expect(fallbacks.entries.isEmpty)
        #expect(!folder.exists("copy.db"))
    }

    @Test func aMissingDatabaseIsAnErrorNamingIt() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let error = #expect(throws: SQLiteSnapshotError.self) {
            try SQLiteOnlineSnapshotter().snapshot(database: folder.file("gone.db"), to: folder.file("copy.db"))
        }
        #expect(error?.database == folder.file("gone.db"))
        #expect(error?.message.contains("does not exist") == true)
    }

    @Test func aDatabaseLockedThroughEveryRetryIsAnErrorNotAFallback() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let database = folder.file("locked.db")
        let holder = try SQLiteConnection(path: database, readOnly: false)
        defer { try? holder.close() }
        try holder.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB); INSERT INTO items(body) VALUES(x'01')")
        try holder.execute("BEGIN EXCLUSIVE")
        let fallbacks = LocalFallbackLog()
        let snapshotter = SQLiteOnlineSnapshotter(
            busyTimeoutMilliseconds: 50, attempts: 3, retryDelayMilliseconds: 10,
            onFallback: { db, reason in fallbacks.add(db, reason) })

        let started = Date()
        let error = #expect(throws: SQLiteSnapshotError.self) {
            try snapshotter.snapshot(database: database, to: folder.file("copy.db"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error?.message.contains("locked") == true)
        #expect(error?.message.contains("3 attempts") == true)
        #expect(fallbacks.entries.isEmpty)
        #expect(!folder.exists("copy.db"))

        try holder.execute("COMMIT")
        try snapshotter.snapshot(database: database, to: folder.file("copy.db"))
        #expect(try LocalSQLite.inspect(folder.file("copy.db")).rows == 1)
    }

    @Test func theFallbackCopyHoldsEveryWALRow() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let database = folder.file("wal.db")
        try LocalSQLite.makeWALDatabase(database)
        let writer = try SQLiteConnection(path: database, readOnly: false)
        defer { try? writer.close() }
        try writer.execute("PRAGMA wal_autocheckpoint=0")
        try LocalSQLite.insert(writer, count: 750)
        #expect(LocalSQLite.size(database + "-wal") > 50_000)

        let copy = folder.file("copy.db")
        try SQLiteOnlineSnapshotter().copyAndCheckpoint(database, to: copy)

        let result = try LocalSQLite.inspect(copy)
        #expect(result.rows == 750)
        #expect(result.problems == nil)
        #expect(result.journalMode == "delete")
        for suffix in ["-wal", "-shm", "-journal"] {
            #expect(!folder.exists("copy.db" + suffix))
        }
        // The live database was only read.
        #expect(try writer.integer("SELECT count(*) FROM items") == 750)
        #expect(LocalSQLite.size(database + "-wal") > 50_000)
    }

    @Test func aHotJournalFallsBackAndTheCopyHoldsOnlyCommittedRows() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let live = folder.file("live.db")
        let writer = try SQLiteConnection(path: live, readOnly: false)
        defer { try? writer.close() }
        try writer.execute("PRAGMA cache_size=10; CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB)")
        try LocalSQLite.insert(writer, count: 100)
        // A big uncommitted write spills pages into the main file; copying the files now is what a
        // crashed writer leaves behind: a hot journal that only a read-write connection may roll back.
        try writer.execute("BEGIN; DELETE FROM items; " + String(repeating: "INSERT INTO items(body) VALUES(randomblob(4000)); ", count: 300))
        let crashed = folder.file("crashed.db")
        try FileManager.default.copyItem(atPath: live, toPath: crashed)
        try FileManager.default.copyItem(atPath: live + "-journal", toPath: crashed + "-journal")
        try writer.execute("ROLLBACK")

        let fallbacks = LocalFallbackLog()
        let snapshotter = SQLiteOnlineSnapshotter(onFallback: { db, reason in fallbacks.add(db, reason) })
        try snapshotter.snapshot(database: crashed, to: folder.file("copy.db"))

        #expect(fallbacks.entries.map(\.database) == [crashed])
        let result = try LocalSQLite.inspect(folder.file("copy.db"))
        #expect(result.rows == 100)
        #expect(result.maxID == 100)
        #expect(result.problems == nil)
        #expect(result.journalMode == "delete")
        #expect(!folder.exists("copy.db-journal"))
        #expect(folder.exists("crashed.db-journal"))  // the source is never changed
    }

    @Test func onlyReadOnlyLimitationsOfTheSourceFallBack() {
        let db = "/data/x.db"
        func error(_ code: Int32, path: String = db) -> SQLiteError {
            SQLiteError(code: code, path: path, operation: "backup", message: "m")
        }
        // SQLITE_CANTOPEN 14, SQLITE_READONLY_CANTINIT 1288, SQLITE_READONLY_RECOVERY 264, _ROLLBACK 776
        for code: Int32 in [14, 1288, 264, 776] {
            #expect(SQLiteOnlineSnapshotter.fallsBack(after: error(code), database: db))
        }
        // NOTADB 26, CORRUPT 11, BUSY 5, LOCKED 6, IOERR 10, FULL 13
        for code: Int32 in [26, 11, 5, 6, 10, 13] {
            #expect(!SQLiteOnlineSnapshotter.fallsBack(after: error(code), database: db))
        }
        // The destination failing to open is never a reason to copy the source instead.
        #expect(!SQLiteOnlineSnapshotter.fallsBack(after: error(14, path: "/tmp/copy.db"), database: db))
    }
}

/// Records `onFallback` calls.
final class LocalFallbackLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _entries: [(database: String, reason: String)] = []
    var entries: [(database: String, reason: String)] { lock.withLock { _entries } }
    func add(_ database: String, _ reason: String) { lock.withLock { _entries.append((database, reason)) } }
}
