import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport

/// The adapters' redactor over a JSON file: `token` values never leave the machine.
@Suite struct EngineRedactionTests {
    func target(_ h: EngineHarness) throws -> BackupTarget {
        BackupTarget(id: "test", roots: h.roots, rules: EngineHarness.rules,
                     redactor: try Redactor(rules: [RedactionRule(path: #"^config/app\.json$"#, keys: "^token$")]))
    }

    @Test func secretsNeverLeaveAndLocalValuesAreKeptOnRestore() async throws {
        let h = try EngineHarness(encrypted: false)
        let real = #"{"token": "ABC123", "name": "x"}"#
        try h.write("config/app.json", real)
        h.clock.advance(by: 5)
        let pushed = try await h.engine().push(try target(h))
        let stored = String(decoding: try #require(h.store.data(for: "test-backup/\(pushed.snapshot!)/config/app.json")), as: UTF8.self)
        #expect(!stored.contains("ABC123"))
        #expect(stored.contains(Redactor.placeholder))
        #expect(try h.manifest(pushed.snapshot!).files[VirtualPath(unchecked: "config/app.json")]?.hash == sha256(stored))
        #expect(h.read("config/app.json") == real)

        // Same machine: the local file redacts to the snapshot's bytes, so it is identical.
        h.clock.advance(by: 5)
        let same = try await h.engine().restore(try target(h), options: RestoreOptions(skipSafety: true))
        #expect(same.skipped == 1)

        // A local edit is undone, the real token stays.
        try h.write("config/app.json", #"{"token": "ABC123", "name": "changed"}"#)
        h.clock.advance(by: 5)
        let undone = try await h.engine().restore(try target(h), options: RestoreOptions(skipSafety: true))
        #expect(undone.downloaded == 1)
        #expect(undone.keysToReenter.isEmpty)
        #expect(h.read("config/app.json") == real)
        #expect(h.files(under: "config", named: ".agent-backup-partial-").isEmpty)

        // A new machine gets the placeholder and is told which key to re-enter.
        let fresh = try EngineHarness(encrypted: false, store: h.store)
        fresh.clock.set(h.clock.now().addingTimeInterval(10))
        let restored = try await fresh.engine().restore(try target(fresh), options: RestoreOptions(skipSafety: true))
        #expect(restored.keysToReenter == ["config/app.json": ["token"]])
        #expect(fresh.read("config/app.json") == stored)
    }

    @Test func aFileTheRedactorCannotParseIsNotUploaded() async throws {
        let h = try EngineHarness(encrypted: false)
        try h.write("config/app.json", #"{"token": "ABC123", broken"#)
        try h.write("config/other.json", "{}")
        h.clock.advance(by: 5)
        let error = await #expect(throws: EngineError.self) { try await h.engine().push(try target(h)) }
        #expect(error?.files == ["config/app.json"])
        #expect(!h.store.keys.contains { $0.hasSuffix("/config/app.json") })
        #expect(h.store.keys.contains { $0.hasSuffix("/config/other.json") })
    }
}
