import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct CursorAdapterTests {
    private let dotCursor = [
        "~/.cursor/chats/5f3a/c1/store.db", "~/.cursor/chats/5f3a/c1/store.db-wal", "~/.cursor/chats/5f3a/c1/meta.json",
        "~/.cursor/projects/home-me-app/agent-transcripts/t.jsonl", "~/.cursor/projects/home-me-app/other.json",
        "~/.cursor/mcp.json", "~/.cursor/cli-config.json", "~/.cursor/argv.json", "~/.cursor/rules/r.mdc",
        "~/.cursor/extensions/e/package.json", "~/.cursor/auth.json", "~/.cursor/ide_state.json",
    ]

    private func ide(_ base: String) -> [String] {
        [
            "\(base)/settings.json", "\(base)/keybindings.json", "\(base)/snippets/s.json", "\(base)/globalStorage/state.vscdb",
            "\(base)/globalStorage/state.vscdb.backup", "\(base)/globalStorage/some.ext/x.json", "\(base)/workspaceStorage/h1/state.vscdb",
            "\(base)/workspaceStorage/h1/workspace.json", "\(base)/workspaceStorage/h1/images/i.png", "\(base)/History/-1/a.ts",
        ]
    }

    private let rows: [(String, Fate)] = [
        ("cursor/chats/5f3a/c1/store.db", .sqlite),
        ("cursor/chats/5f3a/c1/store.db-wal", .excluded),
        ("cursor/chats/5f3a/c1/meta.json", .included),
        ("cursor/projects/home-me-app/agent-transcripts/t.jsonl", .included),
        ("cursor/projects/home-me-app/other.json", .notIncluded),
        ("cursor/mcp.json", .redacted),
        ("cursor/cli-config.json", .redacted),
        ("cursor/argv.json", .included),
        ("cursor/rules/r.mdc", .included),
        ("cursor/extensions/e/package.json", .excluded),
        ("cursor/auth.json", .secret),
        ("cursor/ide_state.json", .notIncluded),
        ("ide/settings.json", .included),
        ("ide/keybindings.json", .included),
        ("ide/snippets/s.json", .included),
        ("ide/globalStorage/state.vscdb", .sqlite),
        ("ide/globalStorage/state.vscdb.backup", .excluded),
        ("ide/globalStorage/some.ext/x.json", .notIncluded),
        ("ide/workspaceStorage/h1/state.vscdb", .sqlite),
        ("ide/workspaceStorage/h1/workspace.json", .included),
        ("ide/workspaceStorage/h1/images/i.png", .notIncluded),
        ("ide/History/-1/a.ts", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.cursor.walk(AdapterFakeHome(files: dotCursor + ide("~/.config/Cursor/User"))).check(roots: [
            "cursor": "/home/me/.cursor",
            "ide": "/home/me/.config/Cursor/User",
        ], rows)
    }

    @Test func macOSLayoutUsesApplicationSupport() throws {
        let home = AdapterFakeHome(home: "/Users/me", files: dotCursor + ide("~/Library/Application Support/Cursor/User") + ["~/.config/Cursor/User/settings.json"])
        try Adapter.cursor.walk(home, platform: .macOS).check(roots: [
            "cursor": "/Users/me/.cursor",
            "ide": "/Users/me/Library/Application Support/Cursor/User",
        ], rows)
    }

    @Test func configDirAndXDGOverrides() throws {
        let home = AdapterFakeHome(files: ["/cc/mcp.json", "/x/Cursor/User/settings.json"])
        try Adapter.cursor.walk(home, ["CURSOR_CONFIG_DIR": "/cc", "XDG_CONFIG_HOME": "/x"]).check(roots: ["cursor": "/cc", "ide": "/x/Cursor/User"], [
            ("cursor/mcp.json", .redacted),
            ("ide/settings.json", .included),
        ])
    }
}
