import AgentBackupTestSupport
import Foundation

/// Small python programs the reliability tests run beside the binary: a SQLite writer that
/// commits without pause, a database checker, a file rewriter.
enum PythonScript {
    /// `AGENT_BACKUP_TEST_PYTHON` when set, else the system's `python3` (both have `sqlite3`).
    static func interpreter() throws -> String {
        if let python = ProcessInfo.processInfo.environment["AGENT_BACKUP_TEST_PYTHON"], !python.isEmpty {
            return python
        }
        return try ReliabilityRig.which("python3")
    }

    /// Starts `source` with `arguments`.
    static func launch(_ source: String, _ arguments: [String], in directory: String) throws -> ChildProcess {
        try ChildProcess(
            interpreter(), ["-c", source] + arguments,
            environment: ["PATH": "/usr/bin:/bin", "HOME": directory], directory: directory)
    }

    /// Runs `source` to its end and returns its stdout (throws when it fails).
    static func run(_ source: String, _ arguments: [String], in directory: String) async throws -> String {
        let result = try await launch(source, arguments, in: directory).wait(timeout: .seconds(60))
        guard result.exitCode == 0 else { throw ChildProcessError("python failed: \(result)") }
        return result.standardOutput
    }

    /// `writer DB PROGRESS SECONDS`: WAL mode, one row per transaction as fast as it can for at
    /// most SECONDS or until PROGRESS.stop exists; after every commit PROGRESS holds the last
    /// committed id (replaced atomically).
    static let sqliteWriter = """
        import os, sqlite3, sys, time
        db, progress, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
        con = sqlite3.connect(db, isolation_level=None, timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v BLOB)")
        end = time.time() + seconds
        while time.time() < end and not os.path.exists(progress + ".stop"):
            con.execute("BEGIN IMMEDIATE")
            cur = con.execute("INSERT INTO t(v) VALUES (randomblob(1500))")
            con.execute("COMMIT")
            with open(progress + ".tmp", "w") as f:
                f.write(str(cur.lastrowid))
            os.replace(progress + ".tmp", progress)
        con.close()
        """

    /// `check DB N`: prints `integrity rows missing` — integrity_check's answer, the number of
    /// rows, and how many of ids 1…N are absent.
    static let sqliteCheck = """
        import sqlite3, sys
        con = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
        integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
        present = con.execute("SELECT count(*) FROM t WHERE id <= ?", (int(sys.argv[2]),)).fetchone()[0]
        print(integrity, rows, int(sys.argv[2]) - present)
        """

    /// `rewrite FILE SECONDS STOP`: overwrites FILE in place, 64 KiB at a time with a changing
    /// pattern (same size), until SECONDS pass or the file STOP exists.
    static let fileRewriter = """
        import os, sys, time
        path, seconds, stop = sys.argv[1], float(sys.argv[2]), sys.argv[3]
        size = os.path.getsize(path)
        end = time.time() + seconds
        n = 0
        with open(path, "r+b", buffering=0) as f:
            while time.time() < end and not os.path.exists(stop):
                n += 1
                block = bytes([n % 251]) * 65536
                f.seek((n * 65536) % max(1, size - 65536))
                f.write(block)
        """
}
