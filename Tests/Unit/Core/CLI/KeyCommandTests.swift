import AgentBackup
import AgentBackupPorts
import Foundation
import Testing

/// `agent-backup key …` as typed: the request each subcommand makes, the lock, what it refuses.
@Suite struct KeyCommandTests {
    func harness() throws -> CliHarness {
        let harness = try CliHarness()
        harness.useB2Environment()
        return harness
    }

    @Test func eachSubcommandMakesItsRequest() async throws {
        let h = try harness()
        h.environment["NEW_PW"] = "the new one"
        #expect(await h.run(["key", "list", "--agent", "goose", "--json"]).exitCode == 0)
        #expect(await h.run(["key", "add", "--agent", "goose", "--new-passphrase-from-env", "NEW_PW"]).exitCode == 0)
        #expect(await h.run(["key", "remove", "--agent", "goose", "1a2b3c"]).exitCode == 0)
        let change = await h.run(["key", "change", "--agent", "goose", "--new-passphrase-from-env", "NEW_PW"])
        #expect(change.exitCode == 0, "\(change.standardError)")
        #expect(!change.standardError.contains("the new one"), "no log line shows the passphrase")
        #expect(h.services.operations.calls == [
            .keys(.list), .keys(.add(newPassphrase: "the new one")), .keys(.remove(id: "1a2b3c")), .keys(.change(newPassphrase: "the new one")),
        ])
        // Only the commands that write take this prefix's lock.
        let locks = h.services.calls.compactMap { call -> String? in if case .acquireLock(let name) = call { return name } else { return nil } }
        #expect(locks == Array(repeating: InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup"), count: 3))
    }

    @Test(arguments: [
        (["key", "add", "--agent", "goose", "--new-passphrase-from-env", "UNSET_VARIABLE"], "UNSET_VARIABLE is not set or empty"),
        (["key", "change", "--agent", "goose", "--new-passphrase-from-env", "A=b"], "takes the NAME of an environment variable"),
        (["key", "remove", "--agent", "goose"], "<id>"),
        (["key", "list"], "say which agent"),
        (["key", "rotate"], "rotate"),
    ])
    func refusedBeforeAnythingRuns(arguments: [String], message: String) async throws {
        let h = try harness()
        let result = await h.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(h.services.operations.calls.isEmpty)
    }

    @Test func helpListsTheSubcommands() async throws {
        let h = try harness()
        let result = await h.run(["key", "--help"])
        #expect(result.exitCode == 0)
        for name in ["list", "add", "remove", "change", "migrate --to reference"] {
            #expect(result.standardOutput.contains(name), "\(name) in \(result.standardOutput)")
        }
    }
}
