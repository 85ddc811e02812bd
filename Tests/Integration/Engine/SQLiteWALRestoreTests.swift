import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// (d) A WAL database whose newest committed rows live only in the `-wal` file while a writer
/// holds it open (and another keeps committing): the restored database passes
/// `PRAGMA integrity_check` and holds every row committed before the push began.
@Suite struct SQLiteWALRestoreTests {
    @Test func walOnlyRowsSurviveBackupAndRestore() async throws {
        try await withEngineWorld("wal") { world in
            let path = world.directory.path("data/memory.db")
            let holder = try SQLiteConnection(path: path, readOnly: false)
            _ = try holder.column("PRAGMA journal_mode=WAL")
            try holder.execute("PRAGMA wal_autocheckpoint=0")
            try holder.execute("CREATE TABLE memory(id INTEGER PRIMARY KEY, key TEXT, value TEXT)")
            try holder.execute("BEGIN; " + (1...5).map { "INSERT INTO memory(key, value) VALUES('k\($0)', 'checkpointed');" }.joined() + " COMMIT;")
            _ = try holder.column("PRAGMA wal_checkpoint(TRUNCATE)")
            try holder.execute("BEGIN; " + (6...8).map { "INSERT INTO memory(key, value) VALUES('k\($0)', 'wal only');" }.joined() + " COMMIT;")
            // The main file alone holds only the checkpointed rows.
            try FileManager.default.copyItem(atPath: path, toPath: world.directory.path("main-only.db"))
            let mainOnly = try SQLiteConnection(path: world.directory.path("main-only.db"), readOnly: true)
            #expect(try mainOnly.integer("SELECT count(*) FROM memory") == 5)
            try mainOnly.close()

            // A second writer keeps committing during the push.
            let writer = LiveWriter(path: path)
            writer.start()
            try await Task.sleep(for: .milliseconds(50))
            let committedBefore = writer.committed + 8
            let summary = try await world.engine(prefix: "p").push(world.target())
            writer.stop()
            try holder.close()
            let committedAfter = writer.committed + 8
            #expect(writer.error == nil)

            let restored = try await world.engine(prefix: "p", cache: "cache-fresh")
                .restore(world.target(in: "fresh"), options: RestoreOptions(skipSafety: true))
            #expect(restored.snapshot == summary.snapshot)
            let db = try SQLiteConnection(path: world.directory.path("fresh/data/memory.db"), readOnly: true)
            #expect(try db.integrityProblems() == nil)
            let rows = try #require(try db.integer("SELECT count(*) FROM memory"))
            #expect(rows >= committedBefore)
            #expect(rows <= committedAfter)
            #expect(try db.integer("SELECT count(*) FROM memory WHERE value = 'wal only'") == 3)
            #expect(try db.column("PRAGMA journal_mode") == ["delete"])
            try db.close()
            // Hash AND size in the manifest are of the uploaded copy (SPEC item 14).
            let manifest = try Manifest.decode(try #require(world.read("cache/manifest.json")))
            let entry = try #require(manifest.files[try VirtualPath("data/memory.db")])
            let restoredBytes = try #require(world.read("fresh/data/memory.db"))
            #expect(entry.size == Int64(restoredBytes.count))
            #expect(entry.hash == OpenSSLHasher().digest(of: restoredBytes).sha256)
        }
    }
}

/// Commits one row about every millisecond on its own thread until stopped.
final class LiveWriter: @unchecked Sendable {
    private let lock = NSLock()
    private let path: String
    private var stopped = false
    private var count: Int64 = 0
    private var failure: String?
    private var done = false

    init(path: String) { self.path = path }

    var committed: Int64 { lock.withLock { count } }
    var error: String? { lock.withLock { failure } }

    func start() {
        Thread { [self] in
            defer { lock.withLock { done = true } }
            do {
                let db = try SQLiteConnection(path: path, readOnly: false, busyTimeoutMilliseconds: 5_000)
                while !lock.withLock({ stopped }) {
                    try db.execute("INSERT INTO memory(key, value) VALUES('live', 'writer')")
                    lock.withLock { count += 1 }
                    usleep(1_000)
                }
                try db.close()
            } catch {
                lock.withLock { failure = "\(error)" }
            }
        }.start()
    }

    func stop() {
        lock.withLock { stopped = true }
        while !lock.withLock({ done }) { usleep(1_000) }
    }
}
