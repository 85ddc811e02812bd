import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct GeminiCLIAdapterTests {
    private let files = [
        "~/.gemini/settings.json", "~/.gemini/GEMINI.md", "~/.gemini/projects.json", "~/.gemini/tmp/app/chats/session-1.jsonl",
        "~/.gemini/tmp/app/logs.json", "~/.gemini/tmp/app/logs/l.txt", "~/.gemini/tmp/app/otel/o.json", "~/.gemini/tmp/bin/rg",
        "~/.gemini/bin/tool", "~/.gemini/history/app/HEAD", "~/.gemini/antigravity-browser/x", "~/.gemini/oauth_creds.json",
        "~/.gemini/gemini-credentials.json", "~/.gemini/mcp-oauth-tokens-v2.json", "~/.gemini/a2a-oauth-tokens.json",
        "~/.gemini/.env", "~/.gemini/cli-browser-profile/Default/Cookies", "~/.gemini/extensions/e/node_modules/m.js",
    ]

    private let rows: [(String, Fate)] = [
        ("home/settings.json", .redacted),
        ("home/GEMINI.md", .included),
        ("home/projects.json", .included),
        ("home/tmp/app/chats/session-1.jsonl", .included),
        ("home/tmp/app/logs.json", .included),
        ("home/tmp/app/logs/l.txt", .excluded),
        ("home/tmp/app/otel/o.json", .excluded),
        ("home/tmp/bin/rg", .excluded),
        ("home/bin/tool", .excluded),
        ("home/history/app/HEAD", .excluded),
        ("home/antigravity-browser/x", .excluded),
        ("home/oauth_creds.json", .secret),
        ("home/gemini-credentials.json", .secret),
        ("home/mcp-oauth-tokens-v2.json", .secret),
        ("home/a2a-oauth-tokens.json", .secret),
        ("home/.env", .secret),
        ("home/cli-browser-profile/Default/Cookies", .secret),
        ("home/extensions/e/node_modules/m.js", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.geminiCLI.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.gemini"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.geminiCLI.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.gemini"], rows)
    }

    @Test func geminiCLIHomeMovesTheWholeFolder() throws {
        let home = AdapterFakeHome(files: ["/alt/.gemini/GEMINI.md", "~/.gemini/GEMINI.md"])
        try Adapter.geminiCLI.walk(home, ["GEMINI_CLI_HOME": "/alt"]).check(roots: ["home": "/alt/.gemini"], [("home/GEMINI.md", .included)])
    }
}
