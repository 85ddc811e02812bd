import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct ClineAdapterTests {
    private let common = [
        "~/.cline/data/db/sessions.db", "~/.cline/data/db/sessions.db-wal", "~/.cline/data/db/tasks.db", "~/.cline/data/db/cron.db",
        "~/.cline/data/db/hub-events-1.db", "~/.cline/data/db/connectors.db", "~/.cline/data/db/other.db",
        "~/.cline/data/sessions/s1/messages.json", "~/.cline/data/teams/t.db", "~/.cline/data/workspaces/h/state.json",
        "~/.cline/data/settings/providers.json", "~/.cline/data/settings/global-settings.json",
        "~/.cline/data/settings/cline_mcp_settings.json", "~/.cline/data/secrets.json", "~/.cline/data/globalState.json",
        "~/.cline/data/logs/l.log", "~/.cline/data/connectors/c.json", "~/.cline/rules/r.md", "~/.cline/skills/s/SKILL.md",
        "~/.cline/other.txt", "~/Documents/Cline/Rules/r.md",
    ]

    private let commonRows: [(String, Fate)] = [
        ("cline-data/db/sessions.db", .sqlite),
        ("cline-data/db/sessions.db-wal", .excluded),
        ("cline-data/db/tasks.db", .sqlite),
        ("cline-data/db/cron.db", .sqlite),
        ("cline-data/db/hub-events-1.db", .excluded),
        ("cline-data/db/connectors.db", .secret),
        ("cline-data/db/other.db", .notIncluded),
        ("cline-data/sessions/s1/messages.json", .included),
        ("cline-data/teams/t.db", .sqlite),
        ("cline-data/workspaces/h/state.json", .included),
        ("cline-data/settings/providers.json", .secret),
        ("cline-data/settings/global-settings.json", .included),
        ("cline-data/settings/cline_mcp_settings.json", .redacted),
        ("cline-data/secrets.json", .secret),
        ("cline-data/globalState.json", .redacted),
        ("cline-data/logs/l.log", .excluded),
        ("cline-data/connectors/c.json", .secret),
        ("cline-home/rules/r.md", .included),
        ("cline-home/skills/s/SKILL.md", .included),
        ("cline-home/other.txt", .notIncluded),
        ("cline-home/data/globalState.json", .excluded),
        ("docs/Rules/r.md", .included),
    ]

    private func globalStorage(base: String) -> [String] {
        let ext = "globalStorage/saoudrizwan.claude-dev"
        return [
            "\(base)/Code/User/\(ext)/tasks/1/api_conversation_history.json",
            "\(base)/Code/User/\(ext)/state/taskHistory.json",
            "\(base)/Code/User/\(ext)/checkpoints/1/HEAD",
            "\(base)/Code/User/\(ext)/settings/cline_mcp_settings.json",
            "\(base)/Code/User/\(ext)/cache/models.json",
            "\(base)/Code/User/profiles/work/\(ext)/tasks/3/b.json",
            "\(base)/Code - Insiders/User/\(ext)/tasks/2/a.json",
            "\(base)/Code-Insiders/User/\(ext)/tasks/4/a.json",
            "\(base)/VSCodium/User/globalStorage/other.extension/x.json",
        ]
    }

    private let globalStorageRows: [(String, Fate)] = [
        ("gs-Code/tasks/1/api_conversation_history.json", .included),
        ("gs-Code/state/taskHistory.json", .included),
        ("gs-Code/checkpoints/1/HEAD", .excluded),
        ("gs-Code/settings/cline_mcp_settings.json", .redacted),
        ("gs-Code/cache/models.json", .excluded),
        ("gs-Code__work/tasks/3/b.json", .included),
        ("gs-Code-Insiders/tasks/2/a.json", .included),
        ("gs-Code-Insiders-2/tasks/4/a.json", .included),
    ]

    @Test func linuxLayoutWithEditorsAndProfiles() throws {
        let home = AdapterFakeHome(files: common + globalStorage(base: "/home/me/.config"))
        let storage = "User/globalStorage/saoudrizwan.claude-dev"
        try Adapter.cline.walk(home).check(roots: [
            "cline-data": "/home/me/.cline/data",
            "cline-home": "/home/me/.cline",
            "gs-Code": "/home/me/.config/Code/\(storage)",
            "gs-Code__work": "/home/me/.config/Code/User/profiles/work/globalStorage/saoudrizwan.claude-dev",
            "gs-Code-Insiders": "/home/me/.config/Code - Insiders/\(storage)",
            "gs-Code-Insiders-2": "/home/me/.config/Code-Insiders/\(storage)",
            "docs": "/home/me/Documents/Cline",
        ], commonRows + globalStorageRows)
    }

    @Test func macOSLayoutUsesApplicationSupport() throws {
        let base = "/Users/me/Library/Application Support"
        let home = AdapterFakeHome(home: "/Users/me", files: common + globalStorage(base: base) + [
            "~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/9/x.json",
        ])
        let storage = "User/globalStorage/saoudrizwan.claude-dev"
        try Adapter.cline.walk(home, platform: .macOS).check(roots: [
            "cline-data": "/Users/me/.cline/data",
            "cline-home": "/Users/me/.cline",
            "gs-Code": "\(base)/Code/\(storage)",
            "gs-Code__work": "\(base)/Code/User/profiles/work/globalStorage/saoudrizwan.claude-dev",
            "gs-Code-Insiders": "\(base)/Code - Insiders/\(storage)",
            "gs-Code-Insiders-2": "\(base)/Code-Insiders/\(storage)",
            "docs": "/Users/me/Documents/Cline",
        ], commonRows + globalStorageRows)
    }

    @Test func clineDirAndDataDirOverrides() throws {
        let home = AdapterFakeHome(files: ["/c/data/globalState.json", "/c/rules/r.md", "/d/db/sessions.db", "/x/Code/User/globalStorage/saoudrizwan.claude-dev/tasks/1/a.json"])
        try Adapter.cline.walk(home, ["CLINE_DIR": "/c", "XDG_CONFIG_HOME": "/x"]).check(roots: [
            "cline-data": "/c/data",
            "cline-home": "/c",
            "gs-Code": "/x/Code/User/globalStorage/saoudrizwan.claude-dev",
        ], [
            ("cline-data/globalState.json", .redacted),
            ("cline-home/rules/r.md", .included),
            ("gs-Code/tasks/1/a.json", .included),
        ])
        try Adapter.cline.walk(home, ["CLINE_DIR": "/c", "CLINE_DATA_DIR": "/d"]).check(roots: ["cline-data": "/d", "cline-home": "/c"], [
            ("cline-data/db/sessions.db", .sqlite),
            ("cline-home/rules/r.md", .included),
            ("cline-home/data/globalState.json", .excluded),
        ])
    }
}
