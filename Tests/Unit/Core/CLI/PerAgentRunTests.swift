import AgentBackup
import Testing

@Suite("goose-b2-backup through runCli")
struct PerAgentRunTests {
    @Test(arguments: [["--bogus"], ["--once", "--verbose"], ["--once", "--install"], ["push"]])
    func aRefusedCommandLineRunsNothing(arguments: [String]) async throws {
        let harness = try CliHarness()
        harness.useB2Environment()
        let result = await harness.run(arguments, programName: "goose-b2-backup")
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("goose-b2-backup: error: "))
        #expect(result.standardError.contains("Usage: goose-b2-backup [--once | --install | --help]"))
        #expect(harness.services.calls.isEmpty, "nothing may run: \(harness.services.calls)")
        #expect(harness.services.operations.calls.isEmpty)
    }

    @Test(arguments: [["--help"], ["-h"]])
    func helpPrintsTheUsageAndRunsNothing(arguments: [String]) async throws {
        let harness = try CliHarness()
        let result = await harness.run(arguments, programName: "/usr/local/bin/goose-b2-backup")
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == PerAgentCommandLine.usage(programName: "goose-b2-backup", agentID: "goose"))
        #expect(harness.services.calls.isEmpty)
    }

    @Test func onceIsOnePushUnderTheLock() async throws {
        let harness = try CliHarness()
        harness.useB2Environment()
        let result = await harness.run(["--once"], programName: "goose-b2-backup")
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "did push\n")
        let lock = InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup")
        #expect(harness.services.calls == [
            .resolveAgent(.builtIn(id: "goose")),
            .acquireLock(lock),
            .withOperations(agentID: "goose", store: .b2(bucket: "bkt", region: nil, credentials: StoreCredentials(keyId: "kid", applicationKey: "secret"))),
            .releaseLock(lock),
        ])
        #expect(harness.services.operations.calls == [.push])
    }

    @Test func missingCredentialsAreAConfigurationErrorNamingTheVariables() async throws {
        let harness = try CliHarness()
        harness.environment["B2_BUCKET"] = "bkt"
        let result = await harness.run(["--once"], programName: "goose-b2-backup")
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("goose-b2-backup: error: Backblaze B2 needs keyId, applicationKey and bucket; missing: keyId (B2_KEY_ID), applicationKey (B2_APPLICATION_KEY)."))
        #expect(result.standardError.contains(harness.configPath()))
        #expect(harness.services.operations.calls.isEmpty)
    }

    @Test func noFlagRunsTheDaemon() async throws {
        let harness = try CliHarness()
        harness.useB2Environment()
        let shutdown = ShutdownSignal()
        harness.shutdown = shutdown
        harness.services.operations.duringPush = { shutdown.request() }
        let result = await harness.run([], programName: "goose-b2-backup")
        #expect(result.exitCode == 0)
        #expect(harness.services.operations.calls == [.restoreIfEmpty, .push, .push])
        #expect(harness.services.calls.contains(.makeSchedule("0 0 * * *")))
        #expect(harness.services.calls.last == .releaseLock(InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup")))
        #expect(result.standardError.contains("goose-b2-backup: notice: daemon started for goose: Backblaze B2 bucket bkt, prefix goose-backup, schedule daily (0 0 * * *)"))
    }

    @Test func installWritesTheUnitForThePerAgentCommand() async throws {
        let harness = try CliHarness()
        let result = await harness.run(["--install"], programName: "goose-b2-backup", executablePath: "/opt/bin/goose-b2-backup")
        #expect(result.exitCode == 0)
        let unit = ServiceUnit.make(agentID: "goose", programArguments: ["/opt/bin/goose-b2-backup"], home: harness.home.path, platform: .host)
        #expect(try String(contentsOfFile: unit.path, encoding: .utf8) == unit.contents)
        #expect(result.standardOutput.contains(unit.activationCommand))
    }
}
