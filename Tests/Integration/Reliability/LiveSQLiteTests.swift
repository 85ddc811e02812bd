import AgentBackupTestSupport
import Foundation
import Testing

/// A database written without pause while it is backed up: every restored copy is a sound
/// database holding every row committed before the push began.
@Suite("Reliability: live SQLite", .serialized)
struct LiveSQLiteTests {
    @Test("pushes during continuous commits restore sound databases with every earlier row")
    func writerDuringPush() async throws {
        let rig = try ReliabilityRig("live-sqlite")
        let database = rig.root + "/state.db"
        let progress = rig.directory.path("writer-progress")
        try TreeFiles.write(["notes.txt": Array("beside the database\n".utf8)], into: rig.root)
        let writer = try PythonScript.launch(PythonScript.sqliteWriter, [database, progress, "600"], in: rig.directory.path)
        defer {
            _ = FileManager.default.createFile(atPath: progress + ".stop", contents: nil)
            writer.kill()
        }
        for round in 1...3 {
            // Let the writer commit a while (the database grows past a few MB), then push.
            let before = try await Self.committed(progress, atLeast: round * 1_500)
            let push = try await rig.run(["push"])
            try #require(push.exitCode == 0, "round \(round): \(push)")
            let during = try await Self.committed(progress, atLeast: 0)
            #expect(during > before, "round \(round): the writer did not commit during the push")

            let target = try rig.freshFolder("sqlite-\(round)")
            let restore = try await rig.run(["restore", "--target", target])
            try #require(restore.exitCode == 0, "round \(round): \(restore)")
            let check = try await PythonScript.run(
                PythonScript.sqliteCheck, [target + "/data/state.db", String(before)], in: rig.directory.path)
            let fields = check.split(separator: " ").map(String.init)
            #expect(fields.first == "ok", "round \(round): integrity_check says \(check)")
            #expect(fields.last?.trimmingCharacters(in: .whitespacesAndNewlines) == "0",
                    "round \(round): rows committed before the push are missing (\(check))")
            #expect(Int(fields.count > 1 ? fields[1] : "0") ?? 0 >= before, "round \(round): \(check)")
            #expect(!FileManager.default.fileExists(atPath: target + "/data/state.db-wal"), "the WAL is not part of a backup")
            #expect(rig.workAreaLeftovers().isEmpty, "round \(round): a database copy was left: \(rig.workAreaLeftovers())")
        }
        _ = FileManager.default.createFile(atPath: progress + ".stop", contents: nil)
        let ended = try await writer.wait(timeout: .seconds(30))
        #expect(ended.exitCode == 0, "the writer failed: \(ended)")
    }

    /// The writer's last committed id once it is at least `minimum`. The wait ends at the event;
    /// its bound is generous because a loaded CI machine (two cores shared with builds) commits
    /// far slower than an idle one.
    static func committed(_ progress: String, atLeast minimum: Int) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(240)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: progress, encoding: .utf8), let id = Int(text), id >= minimum {
                return id
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError("the SQLite writer did not reach \(minimum) commits within 240 s")
    }
}
