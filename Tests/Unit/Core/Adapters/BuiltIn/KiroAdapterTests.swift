import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct KiroAdapterTests {
    private let dotKiro = [
        "~/.kiro/settings/mcp.json", "~/.kiro/settings/cli.json", "~/.kiro/steering/s.md", "~/.kiro/agents/a.json",
        "~/.kiro/sessions/cli/s.jsonl", "~/.kiro/extensions/e.json",
    ]

    private func cli(_ base: String) -> [String] {
        ["\(base)/data.sqlite3", "\(base)/data.sqlite3-wal", "\(base)/logs/l.log", "\(base)/cache/c"]
    }

    private func ide(_ base: String) -> [String] {
        [
            "\(base)/settings.json", "\(base)/keybindings.json", "\(base)/globalStorage/kiro.kiroagent/abc/chat.chat",
            "\(base)/globalStorage/kiro.kiroagent/index/i.db", "\(base)/globalStorage/kiro.kiroagent/dev_data/d",
            "\(base)/globalStorage/other/x",
        ]
    }

    private let rows: [(String, Fate)] = [
        ("kiro/settings/mcp.json", .redacted),
        ("kiro/settings/cli.json", .included),
        ("kiro/steering/s.md", .included),
        ("kiro/agents/a.json", .included),
        ("kiro/sessions/cli/s.jsonl", .included),
        ("kiro/extensions/e.json", .notIncluded),
        ("cli/data.sqlite3", .sqlite),
        ("cli/data.sqlite3-wal", .excluded),
        ("cli/logs/l.log", .excluded),
        ("cli/cache/c", .excluded),
        ("ide/settings.json", .included),
        ("ide/keybindings.json", .included),
        ("ide/globalStorage/kiro.kiroagent/abc/chat.chat", .included),
        ("ide/globalStorage/kiro.kiroagent/index/i.db", .excluded),
        ("ide/globalStorage/kiro.kiroagent/dev_data/d", .excluded),
        ("ide/globalStorage/other/x", .notIncluded),
    ]

    @Test func linuxLayout() throws {
        let home = AdapterFakeHome(files: dotKiro + cli("~/.local/share/kiro-cli") + ide("~/.config/Kiro/User"))
        try Adapter.kiro.walk(home).check(roots: [
            "kiro": "/home/me/.kiro",
            "cli": "/home/me/.local/share/kiro-cli",
            "ide": "/home/me/.config/Kiro/User",
        ], rows)
    }

    @Test func macOSLayoutUsesApplicationSupport() throws {
        let support = "~/Library/Application Support"
        let home = AdapterFakeHome(home: "/Users/me", files: dotKiro + cli("\(support)/kiro-cli") + ide("\(support)/Kiro/User"))
        try Adapter.kiro.walk(home, platform: .macOS).check(roots: [
            "kiro": "/Users/me/.kiro",
            "cli": "/Users/me/Library/Application Support/kiro-cli",
            "ide": "/Users/me/Library/Application Support/Kiro/User",
        ], rows)
    }

    @Test func xdgOverridesOnLinuxOnly() throws {
        let home = AdapterFakeHome(files: ["/xd/kiro-cli/data.sqlite3", "/xc/Kiro/User/settings.json"])
        try Adapter.kiro.walk(home, ["XDG_DATA_HOME": "/xd", "XDG_CONFIG_HOME": "/xc"]).check(roots: ["cli": "/xd/kiro-cli", "ide": "/xc/Kiro/User"], [
            ("cli/data.sqlite3", .sqlite),
            ("ide/settings.json", .included),
        ])
        #expect(try Adapter.kiro.resolveRoots(in: home.environment(["XDG_DATA_HOME": "/xd", "XDG_CONFIG_HOME": "/xc"], platform: .macOS)).isEmpty)
    }
}
