import Foundation
import Testing
@testable import AgentBackup

/// `install --hook claude-code [--write]`: the entries of Claude Code's settings that push, merged
/// without changing anything else in the file.
@Suite("install --hook claude-code")
struct HookInstallTests {
    static let executable = "/opt/bin/agent-backup"
    static let entries = ClaudeCodeHooks.entries(executable: executable)
    static let stop = "/opt/bin/agent-backup push --agent claude-code --debounce 5m"
    static let sessionEnd = "/opt/bin/agent-backup push --agent claude-code --debounce 0s"

    func merge(_ text: String) throws(SettingsMergeError) -> SettingsHookMerge.Result {
        try SettingsHookMerge.merge(Self.entries, into: Array(text.utf8), marker: "push --agent claude-code")
    }

    @Test func theEntriesFollowClaudeCodesSchema() throws {
        #expect(Self.entries.map(\.event) == ["Stop", "SessionEnd"])
        #expect(Self.entries.map(\.command) == [Self.stop, Self.sessionEnd])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(ClaudeCodeHooks.document(Self.entries).utf8)) as? [String: Any])
        let hooks = try #require(document["hooks"] as? [String: Any])
        let stop = try #require((((hooks["Stop"] as? [[String: Any]])?.first?["hooks"]) as? [[String: Any]])?.first)
        #expect(stop["type"] as? String == "command")
        #expect(stop["command"] as? String == Self.stop)
        #expect(stop["async"] as? Bool == true, "after every answer, in the background")
        #expect(stop["timeout"] as? Int == 600)
        let end = try #require((((hooks["SessionEnd"] as? [[String: Any]])?.first?["hooks"]) as? [[String: Any]])?.first)
        #expect(end["async"] == nil, "the session's end waits for its push")
        #expect(end["timeout"] as? Int == 120)
    }

    @Test func aPathWithSpacesIsQuotedForTheShell() {
        #expect(ShellQuoting.quoted("/Users/Me/My Tools/agent-backup") == "'/Users/Me/My Tools/agent-backup'")
        #expect(ShellQuoting.quoted("/a/it's") == "'/a/it'\\''s'")
        #expect(ShellQuoting.quoted("/usr/local/bin/agent-backup") == "/usr/local/bin/agent-backup")
    }

    @Test func theSettingsFolderFollowsClaudeConfigDir() {
        #expect(ClaudeCodeHooks.settingsPath(environment: [:], home: "/home/me") == "/home/me/.claude/settings.json")
        #expect(ClaudeCodeHooks.settingsPath(environment: ["CLAUDE_CONFIG_DIR": "~/work-claude"], home: "/home/me") == "/home/me/work-claude/settings.json")
    }

    @Test func anEmptyFileGetsTheWholeDocument() throws {
        let result = try merge("")
        #expect(result.added == ["Stop", "SessionEnd"])
        #expect(String(decoding: result.bytes, as: UTF8.self) == ClaudeCodeHooks.document(Self.entries) + "\n")
    }

    @Test func everyOtherByteIsKept() throws {
        let original = """
            {
                "model": "opus",
                // a comment the user wrote
                "env": {"ANTHROPIC_LOG": "debug"},
                "hooks": {
                    "PreToolUse": [
                        {"matcher": "Bash", "hooks": [{"type": "command", "command": "echo hi"}]}
                    ]
                }
            }

            """
        let result = try merge(original)
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(result.added == ["Stop", "SessionEnd"])
        let insertedAt = try #require(text.range(of: "\n        \"Stop\": ["))
        #expect(text[..<insertedAt.lowerBound] == original[..<original.range(of: "]\n    }\n}")!.lowerBound] + "],", "everything before is as it was")
        #expect(text.hasSuffix("            }\n        ]\n    }\n}\n"), "indented with the file's four spaces, closed as it was")
        let without = text.replacingOccurrences(of: "// a comment the user wrote\n", with: "")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(without.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "opus")
        #expect((object["hooks"] as? [String: Any])?.keys.sorted() == ["PreToolUse", "SessionEnd", "Stop"])
    }

    @Test func aSecondMergeAddsNothing() throws {
        let once = try merge("{\"theme\": \"dark\"}\n")
        #expect(once.added == ["Stop", "SessionEnd"])
        let twice = try SettingsHookMerge.merge(Self.entries, into: once.bytes, marker: "push --agent claude-code")
        #expect(twice.added.isEmpty)
        #expect(twice.present == ["Stop", "SessionEnd"])
        #expect(twice.bytes == once.bytes)
    }

    @Test func anEventListGetsOneMoreGroupAndAnotherAgentBackupHookIsLeftAlone() throws {
        let original = #"{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}], "SessionEnd": [{"hooks": [{"type": "command", "command": "agent-backup push --agent claude-code"}]}]}}"#
        let result = try merge(original)
        #expect(result.added == ["Stop"])
        #expect(result.different.map(\.event) == ["SessionEnd"])
        #expect(result.different.first?.command == "agent-backup push --agent claude-code")
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}, {"hooks":[{"type":"command","command":"#),
                "a one-line file stays on one line: \(text)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.bytes)) as? [String: Any])
        let stop = try #require((object["hooks"] as? [String: Any])?["Stop"] as? [Any])
        #expect(stop.count == 2)
    }

    @Test func trailingCommasKeepTheirStyle() throws {
        let result = try merge("{\n  \"a\": 1,\n}\n")
        let text = String(decoding: result.bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"a\": 1,\n  \"hooks\": {\n    \"Stop\": ["), "\(text)")
        #expect(text.hasSuffix("  },\n}\n"), "\(text)")
    }

    @Test(arguments: [
        ("[1, 2]", "holds an array, not a JSON object"),
        (#"{"hooks": []}"#, "has \"hooks\" holding an array, not an object of events"),
        (#"{"hooks": {"Stop": {}}}"#, "has \"hooks\".\"Stop\" holding an object, not an array"),
        ("{\"a\": }", "is not valid JSON at line 1, column 7"),
    ])
    func unsafeFilesAreRefused(text: String, reason: String) {
        #expect(throws: SettingsMergeError.self) { try merge(text) }
        do {
            _ = try merge(text)
        } catch {
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
    }

    @Test func printShowsTheEntriesAndWritesNothing() async throws {
        let h = try CliHarness()
        let result = await h.run(["install", "--hook", "claude-code"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == ClaudeCodeHooks.document(Self.entries) + "\n")
        #expect(result.standardError.contains("run again with --write"))
        #expect(!FileManager.default.fileExists(atPath: h.home.path(".claude")))
    }

    @Test func writeMergesKeepsACopyAndASecondWriteAddsNothing() async throws {
        let h = try CliHarness()
        let original = "{\n  \"model\": \"sonnet\"\n}\n"
        let settings = try h.home.write(Array(original.utf8), to: ".claude/settings.json")
        chmod(settings, 0o640)
        let first = await h.run(["install", "--hook", "claude-code", "--write"])
        #expect(first.exitCode == 0, "\(first.standardError)")
        #expect(first.standardOutput.hasPrefix("added the Stop and SessionEnd hooks to \(settings) (the previous file is kept as \(settings).agent-backup-2026-02-09T10-04-05-123Z.bak)"))
        #expect(try String(contentsOfFile: "\(settings).agent-backup-2026-02-09T10-04-05-123Z.bak", encoding: .utf8) == original)
        let merged = try String(contentsOfFile: settings, encoding: .utf8)
        #expect(merged.hasPrefix("{\n  \"model\": \"sonnet\",\n  \"hooks\": {"))
        #expect(try FileManager.default.attributesOfItem(atPath: settings)[.posixPermissions] as? Int == 0o640, "the file keeps its mode")

        h.services.fakeClock.advance(by: 60)
        let second = await h.run(["install", "--hook", "claude-code", "--write"])
        #expect(second.exitCode == 0)
        #expect(second.standardOutput == "already in \(settings): Stop, SessionEnd (not added again)\n")
        #expect(try String(contentsOfFile: settings, encoding: .utf8) == merged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.home.path(".claude")).count == 2, "no second copy")
    }

    @Test func aLinkedSettingsFileStaysALink() async throws {
        let h = try CliHarness()
        let real = try h.home.write(Array("{}".utf8), to: "dotfiles/claude-settings.json")
        try FileManager.default.createDirectory(atPath: h.home.path(".claude"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.home.path(".claude/settings.json"), withDestinationPath: real)
        #expect(await h.run(["install", "--hook", "claude-code", "--write"]).exitCode == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: h.home.path(".claude/settings.json")) == real)
        #expect(try String(contentsOfFile: real, encoding: .utf8).contains(Self.stop))
    }

    @Test func withoutClaudeCodeNothingIsCreated() async throws {
        let h = try CliHarness()
        let result = await h.run(["install", "--hook", "claude-code", "--write"])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("\(h.home.path)/.claude does not exist: is Claude Code installed?"))
        #expect(!FileManager.default.fileExists(atPath: h.home.path(".claude")))
    }

    @Test(arguments: [
        (["install", "--hook", "codex"], 2, "writes hooks for claude-code only"),
        (["install", "--hook", "claude-code", "--agent", "goose"], 2, "--hook names the agent"),
        (["install", "--agent", "goose", "--write"], 2, "--write goes with --hook"),
        (["install"], 2, "say which agent"),
    ])
    func misuseIsAUsageError(arguments: [String], code: Int32, message: String) async throws {
        let h = try CliHarness()
        let result = await h.run(arguments)
        #expect(result.exitCode == code)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }
}
