import Foundation
@testable import AgentBackupInfrastructure

/// A fresh folder for one test of the local adapters, removed by `delete()`.
struct LocalScratchFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/agent-backup-local-it-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    func delete() { try? FileManager.default.removeItem(atPath: path) }
}

/// Builds and inspects real SQLite databases for the snapshot tests.
enum LocalSQLite {
    /// A WAL database with `items(id INTEGER PRIMARY KEY, body BLOB)`, checkpointed so the main
    /// file holds the empty table.
    static func makeWALDatabase(_ path: String) throws {
        let db = try SQLiteConnection(path: path, readOnly: false)
        _ = try db.column("PRAGMA journal_mode=WAL")
        try db.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB)")
        _ = try db.column("PRAGMA wal_checkpoint(TRUNCATE)")
        try db.close()
    }

    /// Inserts `count` rows of `bytes` random bytes each, `perTransaction` rows per commit.
    static func insert(_ db: SQLiteConnection, count: Int, bytes: Int = 100, perTransaction: Int = 100) throws {
        var left = count
        while left > 0 {
            let n = min(left, perTransaction)
            try db.execute("BEGIN; " + String(repeating: "INSERT INTO items(body) VALUES(randomblob(\(bytes))); ", count: n) + "COMMIT;")
            left -= n
        }
    }

    /// Rows, integrity findings (nil when sound) and journal mode of a snapshot copy.
    static func inspect(_ path: String) throws -> (rows: Int64, maxID: Int64, problems: String?, journalMode: String) {
        let db = try SQLiteConnection(path: path, readOnly: true)
        defer { try? db.close() }
        let rows = try db.integer("SELECT count(*) FROM items") ?? -1
        let maxID = try db.integer("SELECT coalesce(max(id), 0) FROM items") ?? -1
        return (rows, maxID, try db.integrityProblems(), try db.column("PRAGMA journal_mode").joined())
    }

    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? -1
    }
}

/// State shared with a background writer thread.
final class LocalWriterState: @unchecked Sendable {
    private let lock = NSLock()
    private var _stop = false
    private var _committed: Int64 = 0
    private var _error: String?
    private var _finished = false

    var shouldStop: Bool { lock.withLock { _stop } }
    var committed: Int64 { lock.withLock { _committed } }
    var error: String? { lock.withLock { _error } }
    var finished: Bool { lock.withLock { _finished } }

    func stop() { lock.withLock { _stop = true } }
    func didCommit(_ id: Int64) { lock.withLock { _committed = id } }
    func fail(_ message: String) { lock.withLock { _error = message } }
    func finish() { lock.withLock { _finished = true } }
}

/// Starts a thread that commits one row about every millisecond into `path` until stopped.
func startLocalLiveWriter(_ path: String) -> LocalWriterState {
    let state = LocalWriterState()
    let thread = Thread {
        defer { state.finish() }
        do {
            let db = try SQLiteConnection(path: path, readOnly: false, busyTimeoutMilliseconds: 5_000)
            while !state.shouldStop {
                try db.execute("INSERT INTO items(body) VALUES(randomblob(200))")
                state.didCommit(try db.integer("SELECT last_insert_rowid()") ?? -1)
                usleep(1_000)
            }
            try db.close()
        } catch {
            state.fail("\(error)")
        }
    }
    thread.start()
    return state
}
