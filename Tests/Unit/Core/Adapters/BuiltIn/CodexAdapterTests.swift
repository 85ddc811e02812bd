import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct CodexAdapterTests {
    private let files = [
        "~/.codex/config.toml", "~/.codex/AGENTS.md", "~/.codex/history.jsonl",
        "~/.codex/sessions/2026/01/02/rollout-2026-01-02T10-00-00-abc.jsonl", "~/.codex/archived_sessions/r.jsonl.zst",
        "~/.codex/state_5.sqlite", "~/.codex/state_5.sqlite-wal", "~/.codex/memories_1.sqlite", "~/.codex/logs_2.sqlite",
        "~/.codex/auth.json", "~/.codex/secrets/k.age", "~/.codex/accounts/a.json", "~/.codex/log/codex-tui.log",
        "~/.codex/shell_snapshots/s.sh", "~/.codex/worktrees/w/main.rs", "~/.codex/skills/.system/s/SKILL.md",
        "~/.codex/skills/mine/SKILL.md", "~/.codex/models_cache.json", "~/.codex/version.json", "~/.codex/plugins/cache/p.js",
    ]

    private let rows: [(String, Fate)] = [
        ("home/config.toml", .redacted),
        ("home/AGENTS.md", .included),
        ("home/history.jsonl", .included),
        ("home/sessions/2026/01/02/rollout-2026-01-02T10-00-00-abc.jsonl", .included),
        ("home/archived_sessions/r.jsonl.zst", .included),
        ("home/state_5.sqlite", .sqlite),
        ("home/state_5.sqlite-wal", .excluded),
        ("home/memories_1.sqlite", .sqlite),
        ("home/logs_2.sqlite", .excluded),
        ("home/auth.json", .secret),
        ("home/secrets/k.age", .secret),
        ("home/accounts/a.json", .secret),
        ("home/log/codex-tui.log", .excluded),
        ("home/shell_snapshots/s.sh", .excluded),
        ("home/worktrees/w/main.rs", .excluded),
        ("home/skills/.system/s/SKILL.md", .excluded),
        ("home/skills/mine/SKILL.md", .included),
        ("home/models_cache.json", .excluded),
        ("home/version.json", .excluded),
        ("home/plugins/cache/p.js", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.codex.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.codex"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.codex.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.codex"], rows)
    }

    @Test func codexHomeAndSeparateSQLiteHome() throws {
        let home = AdapterFakeHome(files: ["/w/codex/config.toml", "/fast/db/state_5.sqlite", "/fast/db/logs_2.sqlite", "/fast/db/notes.txt", "~/.codex/AGENTS.md"])
        try Adapter.codex.walk(home, ["CODEX_HOME": "/w/codex", "CODEX_SQLITE_HOME": "/fast/db"]).check(roots: [
            "home": "/w/codex",
            "sqlite": "/fast/db",
        ], [
            ("home/config.toml", .redacted),
            ("sqlite/state_5.sqlite", .sqlite),
            ("sqlite/logs_2.sqlite", .excluded),
            ("sqlite/notes.txt", .notIncluded),
        ])
    }

    @Test func sqliteHomeEqualToCodexHomeIsNotASecondRoot() throws {
        let home = AdapterFakeHome(files: ["/w/codex/state_5.sqlite"])
        try Adapter.codex.walk(home, ["CODEX_HOME": "/w/codex", "CODEX_SQLITE_HOME": "/w/codex/"]).check(roots: ["home": "/w/codex"], [
            ("home/state_5.sqlite", .sqlite),
        ])
    }
}
