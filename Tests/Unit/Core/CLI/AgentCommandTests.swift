import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import Foundation
import Testing

@Suite("agent-backup commands through runCli with fake services")
struct AgentCommandTests {
    func harness() throws -> CliHarness {
        let harness = try CliHarness()
        harness.useB2Environment()
        return harness
    }

    @Test func pushPrintsTheTextSummary() async throws {
        let h = try harness()
        let result = await h.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "did push\n")
        #expect(result.standardError.isEmpty)
        #expect(h.services.operations.calls == [.push])
    }

    @Test func pushJSONPrintsOneDocument() async throws {
        let h = try harness()
        let result = await h.run(["push", "--agent", "goose", "--json"])
        let stamp = "\"agentBackup\":" + String(decoding: VersionedJSON.fieldBytes, as: UTF8.self)
        #expect(result.standardOutput == "{\(stamp),\"call\":\"push\"}\n", "the report, with the version that wrote it first")
    }

    @Test func warningsGoToStandardError() async throws {
        let h = try CliHarness()
        let result = await h.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "did push\n")
        #expect(result.standardError.hasPrefix("agent-backup: warning: NOT OFF-SITE: "))
        #expect(h.services.calls.contains(.withOperations(agentID: "goose", store: .localDirectory(directory: "\(h.home.path)/.agent-backup/store", bucket: "agent-backup", isDefault: true))))
    }

    @Test func aRelativeAdapterPathIsMadeAbsolute() async throws {
        let h = try harness()
        _ = await h.run(["push", "--adapter", "adapters/mine.json"])
        #expect(h.services.calls.first == .resolveAgent(.adapterFile(path: "/work/here/adapters/mine.json")))
    }

    @Test func restorePassesEveryOption() async throws {
        let h = try harness()
        let result = await h.run(["restore", "--agent", "goose", "--snapshot", "2026-02-09T10-04-05-123Z", "--target", "out", "--no-safety", "--delete", "--dry-run"])
        #expect(result.exitCode == 0)
        #expect(h.services.operations.calls == [.restore(RestoreRequest(
            snapshot: "2026-02-09T10-04-05-123Z", targetDirectory: "/work/here/out", skipSafety: true, mirrorDelete: true, dryRun: true))])
        #expect(!h.services.calls.contains { if case .acquireLock = $0 { return true } else { return false } }, "a dry run takes no lock")
    }

    @Test func restoreTakesTheLock() async throws {
        let h = try harness()
        _ = await h.run(["restore", "--agent", "goose"])
        #expect(h.services.operations.calls == [.restore(RestoreRequest())])
        #expect(h.services.calls.contains(.acquireLock(InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup"))))
    }

    @Test func snapshotsAndVerifyTakeNoLock() async throws {
        let h = try harness()
        #expect(await h.run(["snapshots", "--agent", "goose", "--safety", "--json"]).exitCode == 0)
        #expect(await h.run(["verify", "--agent", "goose", "--snapshot", "2026-02-09T10-04-05-123Z"]).exitCode == 0)
        #expect(h.services.operations.calls == [.snapshots(includeSafety: true), .verify("2026-02-09T10-04-05-123Z")])
        #expect(!h.services.calls.contains { if case .acquireLock = $0 { return true } else { return false } })
    }

    @Test func verifyAllChecksEverySnapshot() async throws {
        let h = try harness()
        #expect(await h.run(["verify", "--agent", "goose", "--all"]).exitCode == 0)
        #expect(h.services.operations.calls == [.verifyAll])
        let both = await h.run(["verify", "--agent", "goose", "--all", "--snapshot", "2026-02-09T10-04-05-123Z"])
        #expect(both.exitCode == 2)
        #expect(both.standardError.contains("give either --snapshot or --all"))
    }

    @Test func verifyRepositoryChecksTheWholeRepositoryAtTheAskedDepth() async throws {
        let h = try harness()
        #expect(await h.run(["verify", "--agent", "goose", "--repository"]).exitCode == 0)
        #expect(await h.run(["verify", "--agent", "goose", "--read-data"]).exitCode == 0)
        #expect(await h.run(["verify", "--agent", "goose", "--read-data-subset", "2.5%"]).exitCode == 0)
        #expect(h.services.operations.calls == [.checkRepository(readDataFraction: 0), .checkRepository(readDataFraction: 1),
                                                .checkRepository(readDataFraction: 0.025)])
        for (arguments, message) in [
            (["--read-data-subset", "0%"], "a percentage above 0 and at most 100"),
            (["--read-data-subset", "ten"], "a percentage above 0 and at most 100"),
            (["--read-data", "--read-data-subset", "5%"], "either --read-data or --read-data-subset"),
            (["--repository", "--all"], "leave out --snapshot and --all"),
        ] {
            let refused = await h.run(["verify", "--agent", "goose"] + arguments)
            #expect(refused.exitCode == 2)
            #expect(refused.standardError.contains(message))
        }
    }

    /// Issue #17 item 1: a safety snapshot's one name is accepted by restore and verify.
    @Test func restoreAndVerifyTakeASafetySnapshotsName() async throws {
        let h = try harness()
        let name = "safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z"
        #expect(await h.run(["verify", "--agent", "goose", "--snapshot", name]).exitCode == 0)
        #expect(await h.run(["restore", "--agent", "goose", "--snapshot", name, "--dry-run"]).exitCode == 0)
        #expect(h.services.operations.calls == [.verify(name), .restore(RestoreRequest(snapshot: name, dryRun: true))])
    }

    @Test(arguments: [
        (["--keep", "3"], PruneRequest(policy: .keepLast(3))),
        (["--remove-safety", "safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z"],
         PruneRequest(removeSafety: .named(["safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z"]))),
        (["--keep-last", "2", "--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "12", "--keep-yearly", "1",
          "--keep-hourly", "24", "--keep-within", "48h", "--dry-run"],
         PruneRequest(policy: RetentionPolicy(last: 2, hourly: 24, daily: 7, weekly: 4, monthly: 12, yearly: 1,
                                              within: RetentionDuration(hours: 48)), dryRun: true)),
        (["--dry-run"], PruneRequest(dryRun: true)),
        ([], PruneRequest()),
        (["--remove-safety", "all"], PruneRequest(removeSafety: .all)),
        (["--remove-safety", "safety-2026-02-09T10-04-05Z", "--remove-safety", "safety-2026-02-10T00-00-00Z"],
         PruneRequest(removeSafety: .named(["safety-2026-02-09T10-04-05Z", "safety-2026-02-10T00-00-00Z"]))),
    ])
    func prune(arguments: [String], request: PruneRequest) async throws {
        let h = try harness()
        #expect(await h.run(["prune", "--agent", "goose"] + arguments).exitCode == 0)
        #expect(h.services.operations.calls == [.prune(request)])
    }

    @Test(arguments: [
        (["--keep-daily", "0"], "would delete every snapshot but the newest"),
        (["--keep-within", "2x"], "--keep-within"),
        (["--keep-weekly=-1"], "--keep-weekly -1"),
        (["--keep", "2", "--keep-last", "3"], "say the same thing"),
    ])
    func pruneRefusesRulesThatMakeNoSense(arguments: [String], message: String) async throws {
        let h = try harness()
        let result = await h.run(["prune", "--agent", "goose"] + arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(h.services.operations.calls.isEmpty)
    }

    @Test(arguments: [
        (["push"], "say which agent: --agent ID"),
        (["push", "--agent", "goose", "--adapter", "x.json"], "give either --agent or --adapter, not both"),
        (["push", "--agent", "goose", "--bogus"], "Unknown option '--bogus'"),
        (["restore", "--agent", "goose", "--snapshot", "yesterday"], "--snapshot \"yesterday\" is not a snapshot id"),
        (["verify", "--agent", "goose", "--snapshot", "latest"], "--snapshot \"latest\" is not a snapshot id"),
        (["prune", "--agent", "goose", "--keep", "0"], "--keep 0 would delete every snapshot: keep 1 or more"),
        (["prune", "--agent", "goose", "--remove-safety", "2026-02-09T10-04-05-123Z"], "is not a safety snapshot"),
        (["prune", "--agent", "goose", "--remove-safety", "all", "--remove-safety", "safety-x"], "--remove-safety all already removes every safety snapshot"),
        (["install", "--agent", "goose", "--platform", "windows"], "--platform"),
        (["frobnicate"], "Unexpected argument 'frobnicate'"),
        ([], "say what to do"),
    ])
    func usageErrorsExitTwoAndRunNothing(arguments: [String], message: String) async throws {
        let h = try harness()
        let result = await h.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains(message))
        #expect(h.services.calls.isEmpty)
    }

    @Test func anotherRunHoldingTheLockIsExitOne() async throws {
        let h = try harness()
        h.services.lockHolderPid = 4242
        let result = await h.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("agent-backup: error: another backup of goose to the same bucket and prefix is already running (pid 4242); wait for it to finish or stop it"))
        #expect(h.services.operations.calls.isEmpty)
    }

    @Test func aBadConfigFileIsExitTwoNamingFileAndLine() async throws {
        let h = try CliHarness()
        try h.writeConfig("{\n  \"bucket\": \"b\",\n}\n")
        let result = await h.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 2)
        #expect(result.standardError == "agent-backup: error: the config file \(h.configPath()) is not valid JSON: line 3, column 1: trailing comma before '}'. Fix the file or remove it\n")
        #expect(h.services.calls == [.resolveAgent(.builtIn(id: "goose"))])
    }

    @Test func anUnknownAgentIsExitTwo() async throws {
        let h = try harness()
        let result = await h.run(["push", "--agent", "unknown"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("no built-in adapter \"unknown\""))
    }

    @Test func aReportWithFailuresSetsTheExitCode() async throws {
        let h = try harness()
        h.services.operations.answer = { _ in OperationReport(text: "verify: 1 file failed its hash check", json: Array("{}".utf8), exitCode: .integrity) }
        let result = await h.run(["verify", "--agent", "goose"])
        #expect(result.exitCode == 3)
        #expect(result.standardOutput == "verify: 1 file failed its hash check\n")
    }

    @Test(arguments: [
        (CryptoError(.authenticationFailed, objectName: "goose-backup/x/manifest.json", message: "wrong passphrase or tampered data") as any Error & Sendable, Int32(3),
         "agent-backup: error: goose-backup/x/manifest.json: wrong passphrase or tampered data"),
        (StoreError(.transient, operation: "PUT", key: "k", httpStatus: 503, message: "slow down") as any Error & Sendable, Int32(1),
         "agent-backup: error: PUT k failed (HTTP 503): slow down"),
        (DomainError(.unsupportedManifestVersion, "manifest version 2: upgrade agent-backup") as any Error & Sendable, Int32(3),
         "agent-backup: error: manifest version 2: upgrade agent-backup"),
    ])
    func operationErrorsAreLoggedWithTheirExitCode(error: any Error & Sendable, code: Int32, line: String) async throws {
        let h = try harness()
        h.services.operations.answer = { _ in throw error }
        let result = await h.run(["restore", "--agent", "goose"])
        #expect(result.exitCode == code)
        #expect(result.standardError == line + "\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func agentsListsWithoutAConfiguration() async throws {
        let h = try CliHarness()
        let text = await h.run(["agents"])
        let json = await h.run(["agents", "--json"])
        #expect(text.exitCode == 0)
        #expect(text.standardOutput == "goose  (no state here)\n")
        let stamp = "\"agentBackup\":" + String(decoding: VersionedJSON.fieldBytes, as: UTF8.self)
        #expect(json.standardOutput == "{\(stamp),\"agents\":[]}\n")
        #expect(h.services.calls == [.agentsReport, .agentsReport])
    }

    @Test func theDaemonCommandRunsTheLoopAndStopsGracefully() async throws {
        let h = try harness()
        h.environment["B2_SCHEDULE"] = "@every 2s"
        let shutdown = ShutdownSignal()
        h.shutdown = shutdown
        let pushes = PushCounter()
        h.services.operations.duringPush = { if pushes.increment() == 3 { shutdown.request() } }
        let result = await h.run(["daemon", "--agent", "goose"])
        #expect(result.exitCode == 0)
        #expect(h.services.operations.calls == [.restoreIfEmpty, .push, .push, .push, .push])
        #expect(h.services.calls.contains(.makeSchedule("@every 2s")))
        #expect(result.standardError.contains("agent-backup: notice: daemon stopped after 4 pushes (0 failed)"))
    }

    @Test func aDaemonWhoseFinalPushFailsExitsOne() async throws {
        let h = try harness()
        let shutdown = ShutdownSignal()
        h.shutdown = shutdown
        let pushes = PushCounter()
        h.services.operations.duringPush = { _ = pushes.increment(); shutdown.request() }
        h.services.operations.answer = { call in
            if pushes.value == 2 { throw StoreError(.transient, operation: "PUT", message: "offline") }
            return OperationReport(text: "ok", json: [])
        }
        let result = await h.run(["daemon", "--agent", "goose"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("agent-backup: error: final push failed: PUT failed: offline"))
    }
}

/// A counter shared with `@Sendable` closures.
final class PushCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}
