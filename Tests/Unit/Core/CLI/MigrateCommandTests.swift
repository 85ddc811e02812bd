import AgentBackup
import AgentBackupPorts
import Foundation
import Testing

/// `agent-backup migrate` as typed: the request it makes, the locks it takes, what it refuses.
@Suite struct MigrateCommandTests {
    func harness() throws -> CliHarness {
        let harness = try CliHarness()
        harness.useB2Environment()
        return harness
    }

    @Test func theRequestCarriesLayoutPrefixAndTheNewPassphraseFromTheEnvironment() async throws {
        let h = try harness()
        h.environment["NEW_PW"] = "the new one"
        let result = await h.run(["migrate", "--agent", "goose", "--to", "packed", "--to-prefix", "goose-packed", "--new-passphrase-from-env", "NEW_PW"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(h.services.operations.calls == [.migrate(MigrateRequest(layout: .packed, prefix: "goose-packed",
                                                                         encryption: .on(Passphrase("the new one", source: .encryptionKey))))])
        #expect(!result.standardError.contains("the new one"))
        // Both prefixes are locked: no push or prune of the source, no second migrate into the destination.
        let locks = h.services.calls.compactMap { call -> String? in if case .acquireLock(let name) = call { return name } else { return nil } }
        #expect(locks == [InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-backup"),
                          InstanceLockName.make(agentID: "goose", bucket: "bkt", prefix: "goose-packed")])
    }

    @Test func encryptionIsTheSourcesUnlessToldOtherwise() async throws {
        let h = try harness()
        #expect(await h.run(["migrate", "--agent", "goose", "--to", "reference", "--to-prefix", "a"]).exitCode == 0)
        let plain = await h.run(["migrate", "--agent", "goose", "--to", "reference", "--to-prefix", "b/c", "--no-encryption", "--json"])
        #expect(plain.exitCode == 0)
        #expect(plain.standardError.contains("written UNENCRYPTED"), "an encrypted backup copied out in the clear is said loudly")
        #expect(h.services.operations.calls == [.migrate(MigrateRequest(layout: .reference, prefix: "a")),
                                                .migrate(MigrateRequest(layout: .reference, prefix: "b/c", encryption: .off))])
    }

    @Test(arguments: [
        (["--to", "tarball", "--to-prefix", "x"], "--to \"tarball\": use reference or packed"),
        (["--to-prefix", "x"], "--to"),
        (["--to", "reference"], "--to-prefix"),
        (["--to", "reference", "--to-prefix", "x/"], "must not be empty, start or end with '/'"),
        (["--to", "reference", "--to-prefix", "x", "--no-encryption", "--new-passphrase-from-env", "V"], "contradict each other"),
        (["--to", "reference", "--to-prefix", "goose-backup"], "is the prefix being migrated"),
        (["--to", "reference", "--to-prefix", "goose-backup/moved"], "contain one another"),
        (["--to", "reference", "--to-prefix", "x", "--new-passphrase-from-env", "UNSET_VARIABLE"], "UNSET_VARIABLE is not set or empty"),
    ])
    func refusedBeforeAnythingRuns(arguments: [String], message: String) async throws {
        let h = try harness()
        let result = await h.run(["migrate", "--agent", "goose"] + arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(h.services.operations.calls.isEmpty)
    }
}
