import AgentBackup
import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

@Suite struct RedactorFileBridgeTests {
    @Test func redactsAndMergesThroughFiles() throws {
        let dir = try TemporaryDirectory()
        let redactor = try Redactor(rules: [RedactionRule(path: #"^config/settings\.json$"#, keys: "^apiKey$", format: .json)])
        let bridge = RedactorFileBridge(redactor: redactor, fileSystem: PosixFileSystem())
        #expect(bridge.redacts("config/settings.json"))
        #expect(!bridge.redacts("config/other.json"))
        let local = try dir.write(Array(#"{"apiKey": "sk-secret", "model": "m"}"#.utf8), to: "settings.json")
        try bridge.redact(file: local, to: dir.path("up.json"), path: "config/settings.json")
        let uploaded = try String(contentsOfFile: dir.path("up.json"), encoding: .utf8)
        #expect(!uploaded.contains("sk-secret"))
        #expect(uploaded.contains(Redactor.placeholder))
        let missing = try bridge.unredact(restored: dir.path("up.json"), local: local, to: dir.path("merged.json"), path: "config/settings.json")
        #expect(missing.isEmpty)
        #expect(try String(contentsOfFile: dir.path("merged.json"), encoding: .utf8).contains("sk-secret"))
        let noLocal = try bridge.unredact(restored: dir.path("up.json"), local: dir.path("gone.json"), to: dir.path("fresh.json"), path: "config/settings.json")
        #expect(noLocal.count == 1)
        #expect(noLocal.first?.contains("apiKey") == true)
    }
}
