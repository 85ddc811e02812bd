import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport

/// Replaces the value of `token=` lines in `config/*.env.json` files; restores local values.
struct LineRedactor: Redacting {
    func redacts(_ path: String) -> Bool { path.hasSuffix(".env.json") }

    func redact(file source: String, to destination: String, path: String) throws {
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("token=") ? "token=REDACTED" : String(line)
        }
        try lines.joined(separator: "\n").write(toFile: destination, atomically: false, encoding: .utf8)
    }

    func unredact(restored: String, local: String?, to destination: String, path: String) throws -> [String] {
        let localToken = try local.flatMap { try String(contentsOfFile: $0, encoding: .utf8) }?
            .split(separator: "\n").first { $0.hasPrefix("token=") }.map(String.init)
        var missing: [String] = []
        let lines = try String(contentsOfFile: restored, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line == "token=REDACTED" else { return String(line) }
            if let localToken { return localToken }
            missing.append("token")
            return String(line)
        }
        try lines.joined(separator: "\n").write(toFile: destination, atomically: false, encoding: .utf8)
        return missing
    }
}

@Suite struct EngineRedactionTests {
    func target(_ h: EngineHarness) -> BackupTarget {
        BackupTarget(id: "test", roots: h.roots, rules: EngineHarness.rules, redactor: LineRedactor())
    }

    @Test func secretsNeverLeaveAndLocalValuesAreKeptOnRestore() async throws {
        let h = try EngineHarness(encrypted: false)
        try h.write("config/app.env.json", "token=ABC123\nname=x\n")
        h.clock.advance(by: 5)
        let pushed = try await h.engine().push(target(h))
        let stored = try #require(h.store.data(for: "test-backup/\(pushed.snapshot!)/config/app.env.json"))
        #expect(String(decoding: stored, as: UTF8.self) == "token=REDACTED\nname=x\n")
        #expect(try h.manifest(pushed.snapshot!).files["config/app.env.json"]?.hash == sha256("token=REDACTED\nname=x\n"))
        #expect(h.read("config/app.env.json") == "token=ABC123\nname=x\n")

        // Same machine: the local file redacts to the snapshot's bytes, so it is identical.
        h.clock.advance(by: 5)
        let same = try await h.engine().restore(target(h), options: RestoreOptions(skipSafety: true))
        #expect(same.skipped == 1)

        // A local edit is undone, the real token stays.
        try h.write("config/app.env.json", "token=ABC123\nname=changed\n")
        h.clock.advance(by: 5)
        let undone = try await h.engine().restore(target(h), options: RestoreOptions(skipSafety: true))
        #expect(undone.downloaded == 1)
        #expect(undone.keysToReenter.isEmpty)
        #expect(h.read("config/app.env.json") == "token=ABC123\nname=x\n")

        // A new machine gets the placeholder and is told which key to re-enter.
        let fresh = try EngineHarness(encrypted: false, store: h.store)
        fresh.clock.set(h.clock.now().addingTimeInterval(10))
        let restored = try await fresh.engine().restore(target(fresh), options: RestoreOptions(skipSafety: true))
        #expect(restored.keysToReenter == ["config/app.env.json": ["token"]])
        #expect(fresh.read("config/app.env.json") == "token=REDACTED\nname=x\n")
    }
}
