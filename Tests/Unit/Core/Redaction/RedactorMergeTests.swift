import AgentBackupPorts
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// Restore-side merge: a placeholder never overwrites a real local value.
@Suite struct RedactorMergeTests {
    private func roundTrip(_ format: RedactionFormat, path: String, keys: String, original: String, local: String?) throws -> (MergedFile, String) {
        let redactor = try Redactor(rules: [RedactionRule(path: path, keys: keys, format: format)])
        let uploaded = try redactor.redact(Array(original.utf8), virtualPath: path)
        #expect(!uploaded.redactedKeys.isEmpty, "the fixture must contain something to redact")
        let merged = try redactor.merge(restored: uploaded.contents, local: local.map { Array($0.utf8) }, virtualPath: path)
        return (merged, String(decoding: merged.contents, as: UTF8.self))
    }

    @Test func jsonLocalKeyIsKept() throws {
        let original = "{\n  \"primaryApiKey\": \"sk-OLD\",\n  \"theme\": \"dark\"\n}\n"
        let local = "{\"theme\": \"light\", \"primaryApiKey\": \"sk-LOCAL\"}"
        let (merged, text) = try roundTrip(.json, path: "claudejson/.claude.json", keys: "^primaryApiKey$", original: original, local: local)
        #expect(text == "{\n  \"primaryApiKey\": \"sk-LOCAL\",\n  \"theme\": \"dark\"\n}\n")
        #expect(merged.keptLocal == ["primaryApiKey"])
        #expect(merged.needsReentry.isEmpty)
    }

    @Test func jsonWithoutLocalFileReportsThePlaceholders() throws {
        let original = "{\"mcpServers\": {\"gh\": {\"env\": {\"TOKEN\": \"t\"}}}, \"primaryApiKey\": \"k\"}"
        let (merged, text) = try roundTrip(.json, path: "claudejson/.claude.json", keys: "^(primaryApiKey|env)$", original: original, local: nil)
        #expect(text.contains("<redacted by agent-backup>"))
        #expect(!text.contains("\"t\"") && !text.contains("\"k\""))
        #expect(merged.keptLocal.isEmpty)
        #expect(merged.needsReentry == ["mcpServers.gh.env.TOKEN", "primaryApiKey"])
    }

    @Test func localFileWithoutThatKeyLeavesItForReentry() throws {
        let original = "{\"a\": {\"token\": \"1\"}, \"b\": {\"token\": \"2\"}}"
        let local = "{\"a\": {\"token\": \"LOCAL-A\"}}"
        let (merged, text) = try roundTrip(.json, path: "x/s.json", keys: "^token$", original: original, local: local)
        #expect(text == "{\"a\": {\"token\": \"LOCAL-A\"}, \"b\": {\"token\": \"<redacted by agent-backup>\"}}")
        #expect(merged.keptLocal == ["a.token"])
        #expect(merged.needsReentry == ["b.token"])
    }

    @Test func localPlaceholderIsNotARealValue() throws {
        let original = "{\"token\": \"1\"}"
        let local = "{\"token\": \"<redacted by agent-backup>\"}"
        let (merged, _) = try roundTrip(.json, path: "x/s.json", keys: "^token$", original: original, local: local)
        #expect(merged.needsReentry == ["token"])
    }

    @Test func unreadableLocalFileMeansNoLocalValues() throws {
        let (merged, _) = try roundTrip(.json, path: "x/s.json", keys: "^token$", original: "{\"token\": \"1\"}", local: "{broken")
        #expect(merged.needsReentry == ["token"])
    }

    @Test func yamlMultiLineLocalValueIsPutBack() throws {
        let original = "a:\n  key: old\n  other: 1\n"
        let local = "a:\n  key: |\n    line1\n    line2\n  other: 2\n"
        let (merged, text) = try roundTrip(.yaml, path: "c/config.yaml", keys: "^key$", original: original, local: local)
        #expect(text == "a:\n  key: |\n    line1\n    line2\n  other: 1\n")
        #expect(merged.keptLocal == ["a.key"])
    }

    @Test func tomlAndDotEnvAndJSONLinesMerge() throws {
        let (toml, tomlText) = try roundTrip(.toml, path: "h/config.toml", keys: "^env$",
                                             original: "[mcp.env]\nT = \"old\"\n", local: "[mcp.env]\nT = 'local'\n")
        #expect(tomlText == "[mcp.env]\nT = 'local'\n")
        #expect(toml.keptLocal == ["mcp.env.T"])

        let (env, envText) = try roundTrip(.env, path: "h/.env", keys: "KEY",
                                           original: "KEY=old\nX=1\n", local: "X=2\nKEY=\"local value\"\n")
        #expect(envText == "KEY=\"local value\"\nX=1\n")
        #expect(env.keptLocal == ["KEY"])

        let (lines, linesText) = try roundTrip(.jsonl, path: "h/a.jsonl", keys: "^k$",
                                               original: "{\"k\":\"1\"}\n{\"k\":\"2\"}\n", local: "{\"k\":\"L1\"}\n")
        #expect(linesText == "{\"k\":\"L1\"}\n{\"k\":\"<redacted by agent-backup>\"}\n")
        #expect(lines.keptLocal == ["line 1: k"])
        #expect(lines.needsReentry == ["line 2: k"])
    }

    @Test func fileWithoutPlaceholdersIsReturnedUnchanged() throws {
        let redactor = try Redactor(rules: [RedactionRule(path: "json$", keys: "k")])
        let bytes = Array("{\"k\": \"v\"}".utf8)
        let merged = try redactor.merge(restored: bytes, local: Array("{\"k\": \"w\"}".utf8), virtualPath: "x/a.json")
        #expect(merged == MergedFile(contents: bytes, keptLocal: [], needsReentry: []))
    }
}
