import Foundation
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct AdapterCatalogTests {
    @Test func catalogListsTheSeventeenAgentsSortedAndUnique() {
        let ids = AdapterCatalog.builtIn.map(\.id)
        #expect(ids == [
            "aider", "amp", "claude-code", "cline", "codex", "continue", "copilot-cli", "crush", "cursor", "gemini-cli",
            "goose", "hermes", "kiro", "openclaw", "opencode", "openhands", "qwen-code",
        ])
        #expect(AdapterCatalog.adapter(id: "goose") == .goose)
        #expect(AdapterCatalog.adapter(id: "nope") == nil)
        #expect(throws: AdapterError.self) { try AdapterCatalog.require(id: "nope") }
    }

    @Test(arguments: AdapterCatalog.builtIn)
    func builtInPassesTheAdapterFileChecksAndRoundTrips(adapter: Adapter) throws {
        try adapter.validate()
        _ = try adapter.pathRules()
        _ = try adapter.redactor()
        #expect(adapter.noRootsHint?.isEmpty == false, "\(adapter.id) needs a noRootsHint")
        #expect(adapter.name?.isEmpty == false)
        let reloaded = try AdapterFile.parse(adapter.encodedJSON(), source: "\(adapter.id).json")
        #expect(reloaded == adapter)
        #expect(adapter.jsonObject["id"] as? String == adapter.id)
    }

    @Test(arguments: AdapterCatalog.builtIn)
    func sqliteSidecarsAreNeverBackedUp(adapter: Adapter) throws {
        let rules = try adapter.pathRules()
        for root in adapter.roots where !root.isDiscovery {
            for suffix in ["-wal", "-shm", "-journal"] {
                #expect(rules.verdict(forFile: "\(root.label)/x.db\(suffix)") != .included, "\(adapter.id): \(root.label)/x.db\(suffix)")
            }
        }
    }

    @Test func encodedFileIsReadableJSONWithTheDocumentedShape() throws {
        let text = String(decoding: Adapter.claudeCode.encodedJSON(), as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"id\": \"claude-code\",\n  \"name\": \"Claude Code\",\n  \"roots\": [\n    {\n      \"label\": \"home\",\n      \"dir\": \"${CLAUDE_CONFIG_DIR:-~/.claude}\"\n    },"))
        #expect(text.contains(#""^claudejson/\\.claude\\.json$""#), "patterns are JSON strings with escaped backslashes and unescaped slashes")
        let object = Adapter.cline.jsonObject
        let roots = try #require(object["roots"] as? [[String: Any]])
        let discover = try #require(roots[2]["discover"] as? [String: Any])
        #expect(roots[2]["labelPrefix"] as? String == "gs-")
        #expect(discover["kind"] as? String == "vscodeGlobalStorage")
        #expect(discover["extensionId"] as? String == "saoudrizwan.claude-dev")
    }

    @Test func secretKeyNamesMatchKeysButNotLookalikes() throws {
        let keys = try NSRegularExpression(pattern: CommonPatterns.secretKeyNames)
        func matches(_ name: String) -> Bool { keys.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
        for name in ["apiKey", "api_key", "OPENAI_API_KEY", "api-key", "GITHUB_TOKEN", "botToken", "access_token", "client_secret", "password", "Authorization", "bearer"] {
            #expect(matches(name), "\(name)")
        }
        for name in ["apiKeyHelper", "max_tokens", "maxTokens", "tokenizer", "model", "env_key"] {
            #expect(!matches(name), "\(name)")
        }
    }
}
