import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct CopilotCLIAdapterTests {
    private let files = [
        "~/.copilot/config.json", "~/.copilot/settings.json", "~/.copilot/mcp-config.json",
        "~/.copilot/session-state/abc/events.jsonl", "~/.copilot/session-state/abc/workspace.yaml", "~/.copilot/history-session-state/h.json",
        "~/.copilot/command-history-state.json", "~/.copilot/session-store.db", "~/.copilot/session-store.db-shm",
        "~/.copilot/logs/l.log", "~/.copilot/mcp-oauth-config/gh.json", "~/.copilot/pkg/universal/x.js",
        "~/.copilot/installed-plugins/p/x.json", "~/.copilot/agents/a.md",
    ]

    private let rows: [(String, Fate)] = [
        ("home/config.json", .secret),
        ("home/settings.json", .included),
        ("home/mcp-config.json", .redacted),
        ("home/session-state/abc/events.jsonl", .included),
        ("home/session-state/abc/workspace.yaml", .included),
        ("home/history-session-state/h.json", .included),
        ("home/command-history-state.json", .included),
        ("home/session-store.db", .sqlite),
        ("home/session-store.db-shm", .excluded),
        ("home/logs/l.log", .excluded),
        ("home/mcp-oauth-config/gh.json", .secret),
        ("home/pkg/universal/x.js", .excluded),
        ("home/installed-plugins/p/x.json", .excluded),
        ("home/agents/a.md", .included),
    ]

    @Test func linuxLayout() throws {
        try Adapter.copilotCLI.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.copilot"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.copilotCLI.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.copilot"], rows)
    }

    @Test func copilotHomeOverride() throws {
        let home = AdapterFakeHome(files: ["/c/settings.json", "~/.copilot/settings.json"])
        try Adapter.copilotCLI.walk(home, ["COPILOT_HOME": "/c"]).check(roots: ["home": "/c"], [("home/settings.json", .included)])
    }
}
