import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct GooseAdapterTests {
    private let files = [
        "~/.config/goose/config.yaml", "~/.config/goose/secrets.yaml", "~/.config/goose/permission.yaml",
        "~/.config/goose/memory/m.txt", "~/.config/goose/recipes/r.yaml", "~/.config/goose/skills/s/SKILL.md",
        "~/.config/goose/gemini_oauth/t.json", "~/.config/goose/my-oauth-cache/t.json", "~/.config/goose/claude_sub/t.json",
        "~/.config/goose/githubcopilot/t.json",
        "~/.local/share/goose/sessions/sessions.db", "~/.local/share/goose/sessions/sessions.db-wal",
        "~/.local/share/goose/sessions/20240101_1.jsonl", "~/.local/share/goose/projects.json", "~/.local/share/goose/models/m.bin",
        "~/.local/share/goose/model_catalog/c.json", "~/.local/share/goose/other.txt",
        "~/.local/state/goose/history.txt", "~/.local/state/goose/logs/server.log", "~/.local/state/goose/logs/.DS_Store",
    ]

    private let rows: [(String, Fate)] = [
        ("config/config.yaml", .redacted),
        ("config/secrets.yaml", .secret),
        ("config/permission.yaml", .notIncluded),
        ("config/memory/m.txt", .included),
        ("config/recipes/r.yaml", .included),
        ("config/skills/s/SKILL.md", .included),
        ("config/gemini_oauth/t.json", .secret),
        ("config/my-oauth-cache/t.json", .secret),
        ("config/claude_sub/t.json", .secret),
        ("config/githubcopilot/t.json", .secret),
        ("data/sessions/sessions.db", .sqlite),
        ("data/sessions/sessions.db-wal", .excluded),
        ("data/sessions/20240101_1.jsonl", .included),
        ("data/projects.json", .included),
        ("data/models/m.bin", .excluded),
        ("data/model_catalog/c.json", .excluded),
        ("data/other.txt", .notIncluded),
        ("state/history.txt", .included),
        ("state/logs/server.log", .included),
        ("state/logs/.DS_Store", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.goose.walk(AdapterFakeHome(files: files)).check(roots: [
            "config": "/home/me/.config/goose",
            "data": "/home/me/.local/share/goose",
            "state": "/home/me/.local/state/goose",
        ], rows)
    }

    @Test func macOSUsesTheSameXDGFolders() throws {
        try Adapter.goose.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: [
            "config": "/Users/me/.config/goose",
            "data": "/Users/me/.local/share/goose",
            "state": "/Users/me/.local/state/goose",
        ], rows)
    }

    @Test func pathRootAndXDGOverrides() throws {
        let home = AdapterFakeHome(files: ["/g/config/config.yaml", "/g/data/projects.json", "/g/state/history.txt", "~/.config/goose/config.yaml"])
        try Adapter.goose.walk(home, ["GOOSE_PATH_ROOT": "/g"]).check(roots: ["config": "/g/config", "data": "/g/data", "state": "/g/state"], [
            ("config/config.yaml", .redacted),
            ("data/projects.json", .included),
            ("state/history.txt", .included),
        ])
        let xdg = AdapterFakeHome(files: ["/x/cfg/goose/config.yaml", "/x/data/goose/projects.json"])
        try Adapter.goose.walk(xdg, ["XDG_CONFIG_HOME": "/x/cfg", "XDG_DATA_HOME": "/x/data"]).check(roots: ["config": "/x/cfg/goose", "data": "/x/data/goose"], [
            ("config/config.yaml", .redacted),
            ("data/projects.json", .included),
        ])
    }

    @Test func extensionKeysInConfigYamlAreRedacted() throws {
        let redactor = try #require(try Adapter.goose.redactor())
        let yaml = "GOOSE_PROVIDER: openai\nextensions:\n  github:\n    enabled: true\n    envs:\n      GITHUB_PERSONAL_ACCESS_TOKEN: ghp_SECRET\n    env_keys:\n    - GITHUB_PERSONAL_ACCESS_TOKEN\n"
        let result = try redactor.redact(Array(yaml.utf8), virtualPath: "config/config.yaml")
        let text = String(decoding: result.contents, as: UTF8.self)
        #expect(!text.contains("ghp_SECRET"))
        #expect(text.contains("GOOSE_PROVIDER: openai"))
        #expect(text.contains("- GITHUB_PERSONAL_ACCESS_TOKEN"), "env_keys lists names, not values")
        #expect(result.redactedKeys == ["extensions.github.envs.GITHUB_PERSONAL_ACCESS_TOKEN"])
    }
}
