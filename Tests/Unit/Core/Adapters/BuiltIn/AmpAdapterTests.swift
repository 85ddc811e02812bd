import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct AmpAdapterTests {
    private let files = [
        "~/.config/amp/settings.json", "~/.config/amp/AGENTS.md", "~/.config/amp/skills/s/SKILL.md",
        "~/.local/share/amp/threads/T-1.json", "~/.local/share/amp/history.jsonl", "~/.local/share/amp/session.json",
        "~/.local/share/amp/secrets.json", "~/.local/share/amp/logs/cli.log", "~/.local/share/amp/cache/c", "~/.local/share/amp/other.json",
    ]

    private let rows: [(String, Fate)] = [
        ("config/settings.json", .redacted),
        ("config/AGENTS.md", .included),
        ("config/skills/s/SKILL.md", .included),
        ("data/threads/T-1.json", .included),
        ("data/history.jsonl", .included),
        ("data/session.json", .included),
        ("data/secrets.json", .secret),
        ("data/logs/cli.log", .excluded),
        ("data/cache/c", .excluded),
        ("data/other.json", .notIncluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.amp.walk(AdapterFakeHome(files: files)).check(roots: [
            "config": "/home/me/.config/amp",
            "data": "/home/me/.local/share/amp",
        ], rows)
    }

    @Test func macOSIgnoresXDGVariables() throws {
        let home = AdapterFakeHome(home: "/Users/me", files: files + ["/x/amp/settings.json"])
        try Adapter.amp.walk(home, ["XDG_CONFIG_HOME": "/x"], platform: .macOS).check(roots: [
            "config": "/Users/me/.config/amp",
            "data": "/Users/me/.local/share/amp",
        ], rows)
    }

    @Test func linuxHonoursXDGVariables() throws {
        let home = AdapterFakeHome(files: ["/x/amp/settings.json"])
        try Adapter.amp.walk(home, ["XDG_CONFIG_HOME": "/x"]).check(roots: ["config": "/x/amp"], [("config/settings.json", .redacted)])
    }
}
