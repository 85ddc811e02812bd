import Foundation
import Testing

/// The built binary against a real S3 server (SeaweedFS from `scripts/test`).
@Suite("agent-backup binary end to end against S3", .serialized)
struct BinaryEndToEndTests {
    @Test func pushListModifyPushRestoreVerify() throws {
        let env = try S3BackedBinary("e2e")
        let binary = env.binary
        try env.writeGooseState()

        let first = try binary.run(["push", "--agent", "goose", "--json"])
        #expect(first.exitCode == 0, "\(first)")
        let summary = try JSONSerialization.jsonObject(with: Data(first.standardOutput.utf8)) as? [String: Any]
        #expect(summary?["outcome"] as? String == "pushed")
        #expect(summary?["files"] as? Int == S3BackedBinary.gooseFiles.count)
        #expect(try env.snapshotIDs().count == 1)

        let unchanged = try binary.run(["push", "--agent", "goose"])
        #expect(unchanged.exitCode == 0, "\(unchanged)")
        #expect(unchanged.standardOutput.hasPrefix("no changes since the last push"))

        var changed = S3BackedBinary.gooseFiles
        changed[".local/state/goose/history.txt"] = "goose run\ngoose session\n"
        changed[".config/goose/memory/more.txt"] = "and the bread\n"
        try env.writeGooseState(changed)
        let second = try binary.run(["push", "--agent", "goose"])
        #expect(second.exitCode == 0, "\(second)")
        let ids = try env.snapshotIDs()
        #expect(ids.count == 2)

        let target = binary.home.path("restored")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target, "--json"])
        #expect(restore.exitCode == 0, "\(restore)")
        for (path, text) in changed {
            let restored = try String(contentsOfFile: "\(target)/\(S3BackedBinary.targetPath(path))", encoding: .utf8)
            #expect(restored == text, "\(path)")
        }

        let verify = try binary.run(["verify", "--agent", "goose", "--snapshot", ids[0]])
        #expect(verify.exitCode == 0, "\(verify)")
        #expect(verify.standardOutput.hasPrefix("verified \(ids[0]): \(S3BackedBinary.gooseFiles.count) files"))
    }

    @Test func thePerAgentCommandPushesOnce() throws {
        let env = try S3BackedBinary("peragent")
        try env.writeGooseState()
        let link = try env.binary.perAgentLink()
        let result = try env.binary.run(["--once"], executable: link)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.hasPrefix("pushed "))
        #expect(try env.snapshotIDs().count == 1)
        let again = try env.binary.run(["--once"], executable: link)
        #expect(again.standardOutput.hasPrefix("no changes since the last push"), "\(again)")
    }

    @Test func aWrongPassphraseIsAnIntegrityFailureAndWritesNothing() throws {
        let env = try S3BackedBinary("passphrase")
        try env.writeGooseState()
        #expect(try env.binary.run(["push", "--agent", "goose"]).exitCode == 0)
        env.binary.environment["B2_ENCRYPTION_KEY"] = "not the passphrase"
        let target = env.binary.home.path("restored")
        let result = try env.binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.standardError.contains("agent-backup: error: "))
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: target)) ?? []
        #expect(written.filter { !$0.hasSuffix("/") && !isDirectory("\(target)/\($0)") }.isEmpty, "nothing may be written: \(written)")
    }

    @Test func theDaemonPushesOnScheduleLocksAndStopsWithAFinalPush() throws {
        let env = try S3BackedBinary("daemon")
        let binary = env.binary
        try env.writeGooseState()
        binary.environment["B2_SCHEDULE"] = "@every 2s"
        let daemon = try binary.start(["daemon", "--agent", "goose"])
        try binary.eventually(timeout: 30, "the daemon's first snapshot") { try env.snapshotIDs().count >= 1 }

        // A second run is refused while the daemon holds the lock.
        let second = try binary.run(["push", "--agent", "goose"])
        #expect(second.exitCode == 1, "\(second)")
        #expect(second.standardError.contains("already running (pid \(daemon.pid))"))

        // A change is picked up at a scheduled tick.
        try binary.home.write(Array("changed at a tick\n".utf8), to: ".local/state/goose/history.txt")
        try binary.eventually(timeout: 30, "a scheduled snapshot") { try env.snapshotIDs().count >= 2 }

        // SIGTERM: one last push of the latest change, exit 0.
        try binary.home.write(Array("changed before SIGTERM\n".utf8), to: ".config/goose/memory/last.txt")
        let before = try env.snapshotIDs().count
        daemon.send(SIGTERM)
        let ended = try daemon.wait(timeout: 60)
        #expect(ended.exitCode == 0, "\(ended)")
        #expect(ended.standardError.contains("stopping: one last push"))
        let after = try env.snapshotIDs()
        #expect(after.count >= before + 1 || ended.standardError.contains("scheduled push: pushed"), "the final change was pushed")
        let target = binary.home.path("check")
        #expect(try binary.run(["restore", "--agent", "goose", "--target", target]).exitCode == 0)
        #expect(try String(contentsOfFile: "\(target)/config/memory/last.txt", encoding: .utf8) == "changed before SIGTERM\n")
    }

    @Test func aKilledDaemonDoesNotBlockTheNextRun() throws {
        let env = try S3BackedBinary("killed")
        try env.writeGooseState()
        env.binary.environment["B2_SCHEDULE"] = "@every 1h"
        let daemon = try env.binary.start(["daemon", "--agent", "goose"])
        try env.binary.eventually(timeout: 30, "the daemon's first snapshot") { try env.snapshotIDs().count >= 1 }
        daemon.send(SIGKILL)
        _ = try daemon.wait(timeout: 10)
        let next = try env.binary.run(["push", "--agent", "goose"])
        #expect(next.exitCode == 0, "\(next)")
    }
}

private func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}
