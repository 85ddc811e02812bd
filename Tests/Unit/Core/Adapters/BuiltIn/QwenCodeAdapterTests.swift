import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct QwenCodeAdapterTests {
    private let files = [
        "~/.qwen/settings.json", "~/.qwen/QWEN.md", "~/.qwen/projects/-home-me-app/chats/u1.jsonl", "~/.qwen/tmp/abc/chats/session-1.json",
        "~/.qwen/debug/d.log", "~/.qwen/history/abc/HEAD", "~/.qwen/ide/i.json", "~/.qwen/oauth_creds.json",
        "~/.qwen/mcp-oauth-tokens.json", "~/.qwen/.env",
    ]

    private let rows: [(String, Fate)] = [
        ("home/settings.json", .redacted),
        ("home/QWEN.md", .included),
        ("home/projects/-home-me-app/chats/u1.jsonl", .included),
        ("home/tmp/abc/chats/session-1.json", .included),
        ("home/debug/d.log", .excluded),
        ("home/history/abc/HEAD", .excluded),
        ("home/ide/i.json", .excluded),
        ("home/oauth_creds.json", .secret),
        ("home/mcp-oauth-tokens.json", .secret),
        ("home/.env", .secret),
    ]

    @Test func linuxLayout() throws {
        try Adapter.qwenCode.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.qwen"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.qwenCode.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.qwen"], rows)
    }

    @Test func qwenHomeAndRuntimeDirectory() throws {
        let home = AdapterFakeHome(files: ["/q/settings.json", "/rt/projects/p/chats/c.jsonl", "/rt/debug/x.log"])
        try Adapter.qwenCode.walk(home, ["QWEN_HOME": "/q", "QWEN_RUNTIME_DIR": "/rt"]).check(roots: ["home": "/q", "runtime": "/rt"], [
            ("home/settings.json", .redacted),
            ("runtime/projects/p/chats/c.jsonl", .included),
            ("runtime/debug/x.log", .excluded),
        ])
        try Adapter.qwenCode.walk(home, ["QWEN_HOME": "/q", "QWEN_RUNTIME_DIR": "/q"]).check(roots: ["home": "/q"], [
            ("home/settings.json", .redacted),
        ])
    }
}
