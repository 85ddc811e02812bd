import AgentBackup
import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

/// `push --debounce`: a hook's push does nothing (exit 0, saying so) when a push of the same
/// agent, bucket and prefix finished inside the window or is running now.
@Suite("push --debounce")
struct DebounceTests {
    @Test(arguments: [
        ("5m", 300), ("90s", 90), ("1h", 3600), ("1h30m", 5400), ("300", 300), ("0", 0), ("0s", 0), (" 2M ", 120),
    ])
    func windowsParse(text: String, seconds: Int) throws {
        #expect(try DebounceWindow(parsing: text).seconds == seconds)
    }

    @Test(arguments: ["", "5", "m", "5x", "-5m", "5m3", "1.5m", "5 m"].filter { $0 != "5" })
    func nonDurationsAreRefusedWithTheFix(text: String) {
        #expect(throws: DebounceWindowError(text: text)) { try DebounceWindow(parsing: text) }
        #expect(DebounceWindowError(text: text).description.contains("90s, 5m, 1h"))
    }

    @Test func windowsPrintAsWritten() {
        #expect(DebounceWindow(seconds: 300).description == "5m")
        #expect(DebounceWindow(seconds: 5430).description == "1h30m30s")
        #expect(DebounceWindow(seconds: 0).description == "0s")
    }

    @Test func theDecisionIsThePushOrTheRecentOne() {
        let finished = FakeClock.specExampleDate
        let record = LastPushRecord(finished: finished, pid: 7)
        let window = DebounceWindow(seconds: 300)
        #expect(DebounceDecision.decide(last: nil, now: finished, window: window) == .push)
        #expect(DebounceDecision.decide(last: record, now: finished.addingTimeInterval(299.5), window: window)
            == .recent(finished: finished, elapsed: 299.5))
        #expect(DebounceDecision.decide(last: record, now: finished.addingTimeInterval(300), window: window) == .push)
        #expect(DebounceDecision.decide(last: record, now: finished.addingTimeInterval(-60), window: window) == .push,
                "a record from the future (clock set back) never holds a push back")
        #expect(DebounceDecision.decide(last: record, now: finished, window: DebounceWindow(seconds: 0)) == .push)
    }

    @Test func theRecordRoundTripsAndADamagedOneCountsAsNone() throws {
        let folder = try TemporaryDirectory(prefix: "agent-backup-debounce")
        let fileSystem = PosixFileSystem()
        let path = LastPushRecord.path(cacheDirectory: folder.path("cache"), lockName: "goose+bkt+goose-backup")
        #expect(LastPushRecord.load(path: path, fileSystem: fileSystem) == nil)
        let record = LastPushRecord(finished: FakeClock.specExampleDate, pid: 42)
        try record.save(path: path, fileSystem: fileSystem)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == #"{"finished":"2026-02-09T10:04:05.123Z","pid":42}"#)
        #expect(LastPushRecord.load(path: path, fileSystem: fileSystem) == record)
        try Data("{\"finished\":".utf8).write(to: URL(fileURLWithPath: path))
        #expect(LastPushRecord.load(path: path, fileSystem: fileSystem) == nil)
    }

    func harness() throws -> CliHarness {
        let harness = try CliHarness()
        harness.useB2Environment()
        return harness
    }

    @Test func aSecondPushInsideTheWindowDoesNothingAndSaysSo() async throws {
        let h = try harness()
        let first = await h.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(first.exitCode == 0)
        #expect(first.standardOutput == "did push\n")
        h.services.fakeClock.advance(by: 130)
        let second = await h.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(second.exitCode == 0)
        #expect(second.standardOutput.hasPrefix("nothing to do (--debounce 5m): the last push of goose to Backblaze B2 bucket bkt, prefix goose-backup finished 2m 10s ago (2026-02-09T10:04:05.123Z)"), "\(second.standardOutput)")
        #expect(h.services.operations.calls == [.push], "the second run opened nothing")
        #expect(h.services.calls.filter { if case .withOperations = $0 { return true } else { return false } }.count == 1)

        let json = await h.run(["push", "--agent", "goose", "--debounce", "5m", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["outcome"] as? String == "skipped")
        #expect(object["reason"] as? String == "recent")
        #expect(object["secondsSinceLastPush"] as? Int == 130)
        #expect(object["debounceSeconds"] as? Int == 300)
        #expect(object["agentBackup"] != nil)

        h.services.fakeClock.advance(by: 170)
        #expect(await h.run(["push", "--agent", "goose", "--debounce", "5m"]).standardOutput == "did push\n", "the window is over")
        #expect(h.services.operations.calls == [.push, .push])
    }

    @Test func everySuccessfulPushCountsButAFailedOneDoesNot() async throws {
        let h = try harness()
        h.services.operations.answer = { _ in OperationReport(text: "2 files failed", json: Array("{}".utf8), exitCode: .failed) }
        #expect(await h.run(["push", "--agent", "goose"]).exitCode == 1)
        #expect(await h.run(["push", "--agent", "goose", "--debounce", "5m"]).exitCode == 1, "nothing recorded: it pushes again")
        h.services.operations.answer = { _ in OperationReport(text: "no changes", json: Array("{}".utf8)) }
        #expect(await h.run(["push", "--agent", "goose"]).exitCode == 0, "a push without --debounce records its end too")
        let skipped = await h.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(skipped.standardOutput.hasPrefix("nothing to do"))
        #expect(h.services.operations.calls == [.push, .push, .push])
        let record = LastPushRecord.path(
            cacheDirectory: h.home.path(".agent-backup/goose"), lockName: InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup"))
        #expect(FileManager.default.fileExists(atPath: record))
    }

    @Test func aPushRunningNowMeansNothingToDoForAHookOnly() async throws {
        let h = try harness()
        h.services.lockHolderPid = 4242
        let hook = await h.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(hook.exitCode == 0)
        #expect(hook.standardOutput.hasPrefix("nothing to do (--debounce 5m): a push of goose to Backblaze B2 bucket bkt, prefix goose-backup is running now (pid 4242)"))
        let plain = await h.run(["push", "--agent", "goose"])
        #expect(plain.exitCode == 1, "without --debounce a held lock stays an error")
        #expect(h.services.operations.calls.isEmpty)
    }

    @Test func anotherPrefixIsAnotherAgentForTheWindow() async throws {
        let h = try harness()
        #expect(await h.run(["push", "--agent", "goose", "--debounce", "5m"]).standardOutput == "did push\n")
        h.environment["B2_PREFIX"] = "laptop/goose"
        #expect(await h.run(["push", "--agent", "goose", "--debounce", "5m"]).standardOutput == "did push\n")
        #expect(h.services.operations.calls == [.push, .push])
    }
}
