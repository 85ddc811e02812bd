import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct ClaudeCodeAdapterTests {
    private let files = [
        "~/.claude/CLAUDE.md", "~/.claude/settings.json", "~/.claude/settings.local.json",
        "~/.claude/projects/-home-me-app/0b1c.jsonl", "~/.claude/file-history/s1/f.txt", "~/.claude/todos/t.json",
        "~/.claude/plugins/installed_plugins.json", "~/.claude/plugins/cache/p/index.js", "~/.claude/plugins/marketplaces/m/x.json",
        "~/.claude/.credentials.json", "~/.claude/backups/.claude.json.backup.1", "~/.claude/debug/d.txt",
        "~/.claude/statsig/s.json", "~/.claude/shell-snapshots/snap.sh", "~/.claude/stats-cache.json",
        "~/.claude/__store.db", "~/.claude/__store.db-wal", "~/.claude/agents/x/node_modules/a.js", "~/.claude/.DS_Store",
        "~/.claude.json", "~/.claude.json.backup", "~/.config/claude/settings.json", "~/.config/claude/logs/l.txt",
        "~/Documents/notes.txt",
    ]

    private let rows: [(String, Fate)] = [
        ("home/CLAUDE.md", .included),
        ("home/settings.json", .redacted),
        ("home/settings.local.json", .redacted),
        ("home/projects/-home-me-app/0b1c.jsonl", .included),
        ("home/file-history/s1/f.txt", .included),
        ("home/todos/t.json", .included),
        ("home/plugins/installed_plugins.json", .included),
        ("home/plugins/cache/p/index.js", .excluded),
        ("home/plugins/marketplaces/m/x.json", .excluded),
        ("home/.credentials.json", .secret),
        ("home/backups/.claude.json.backup.1", .secret),
        ("home/debug/d.txt", .excluded),
        ("home/statsig/s.json", .excluded),
        ("home/shell-snapshots/snap.sh", .excluded),
        ("home/stats-cache.json", .excluded),
        ("home/__store.db", .sqlite),
        ("home/__store.db-wal", .excluded),
        ("home/agents/x/node_modules/a.js", .excluded),
        ("home/.DS_Store", .excluded),
        ("claudejson/.claude.json", .redacted),
        ("xdg/settings.json", .redacted),
        ("xdg/logs/l.txt", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.claudeCode.walk(AdapterFakeHome(files: files)).check(roots: [
            "home": "/home/me/.claude",
            "claudejson": "/home/me/.claude.json (file)",
            "xdg": "/home/me/.config/claude",
        ], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.claudeCode.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: [
            "home": "/Users/me/.claude",
            "claudejson": "/Users/me/.claude.json (file)",
            "xdg": "/Users/me/.config/claude",
        ], rows)
    }

    @Test func configDirOverrideHoldsClaudeJsonAndDropsTheHomeFile() throws {
        let home = AdapterFakeHome(files: ["/data/claude/.claude.json", "/data/claude/settings.json", "/data/claude/.credentials.json", "~/.claude.json", "~/.claude/CLAUDE.md"])
        try Adapter.claudeCode.walk(home, ["CLAUDE_CONFIG_DIR": "/data/claude"]).check(roots: ["home": "/data/claude"], [
            ("home/.claude.json", .redacted),
            ("home/settings.json", .redacted),
            ("home/.credentials.json", .secret),
        ])
    }

    @Test func xdgFolderEqualToTheConfigDirIsNotBackedUpTwice() throws {
        let home = AdapterFakeHome(files: ["/x/claude/CLAUDE.md"])
        try Adapter.claudeCode.walk(home, ["CLAUDE_CONFIG_DIR": "/x/claude", "XDG_CONFIG_HOME": "/x"]).check(roots: ["home": "/x/claude"], [
            ("home/CLAUDE.md", .included),
        ])
    }

    @Test func redactsApiKeyAndMcpSecretsButKeepsHistory() throws {
        let redactor = try #require(try Adapter.claudeCode.redactor())
        let claudeJSON = #"{"primaryApiKey":"sk-ant-api03-SECRET","projects":{"/home/me/app":{"history":[{"display":"fix bug"}],"mcpServers":{"gh":{"command":"gh","env":{"GITHUB_TOKEN":"ghp_SECRET"}}}}},"mcpServers":{"web":{"type":"http","url":"https://x","headers":{"Authorization":"Bearer SECRET"}}}}"#
        let redacted = try redactor.redact(Array(claudeJSON.utf8), virtualPath: "claudejson/.claude.json")
        let text = String(decoding: redacted.contents, as: UTF8.self)
        #expect(!text.contains("SECRET"))
        #expect(text.contains("fix bug"))
        #expect(redacted.redactedKeys.count == 3)
        let settings = #"{"env":{"ANTHROPIC_API_KEY":"sk-SECRET","CLAUDE_CODE_MAX_OUTPUT_TOKENS":"8000"},"apiKeyHelper":"~/bin/key.sh"}"#
        let redactedSettings = String(decoding: try redactor.redact(Array(settings.utf8), virtualPath: "home/settings.json").contents, as: UTF8.self)
        #expect(!redactedSettings.contains("sk-SECRET"))
        #expect(redactedSettings.contains("\"8000\""), "MAX_OUTPUT_TOKENS is not a secret")
        #expect(redactedSettings.contains("~/bin/key.sh"), "apiKeyHelper is a script path, not a key")
    }
}
