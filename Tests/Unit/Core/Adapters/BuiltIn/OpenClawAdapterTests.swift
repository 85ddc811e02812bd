import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct OpenClawAdapterTests {
    /// JSON5, as OpenClaw writes it: comments, unquoted keys, trailing commas.
    private func config(_ base: String) -> String {
        """
        // OpenClaw config
        {
          agents: {
            defaults: { workspace: "~/.openclaw/workspace", },
            list: [
              { id: "coder", workspace: "~/projects/coder-ws" },
              { id: "main" },
            ],
          },
          channels: { telegram: { botToken: "123:SECRET" } },
        }
        """
    }

    private func home(_ base: String) -> AdapterFakeHome {
        AdapterFakeHome(home: base, files: [
            "~/.openclaw/agents/main/sessions/s.jsonl", "~/.openclaw/agents/main/agent/auth-profiles.json",
            "~/.openclaw/agents/main/agent/openclaw-agent.sqlite", "~/.openclaw/credentials/whatsapp/creds.json",
            "~/.openclaw/memory/main.sqlite", "~/.openclaw/memory/main.sqlite-wal", "~/.openclaw/logs/gateway.log",
            "~/.openclaw/gateway.pid", "~/.openclaw/.env", "~/.openclaw/secrets.json", "~/.openclaw/workspace/AGENTS.md",
            "~/projects/coder-ws/MEMORY.md", "~/projects/coder-ws/node_modules/x.js",
        ], contents: ["~/.openclaw/openclaw.json": config(base)])
    }

    private let rows: [(String, Fate)] = [
        ("state/openclaw.json", .redacted),
        ("state/agents/main/sessions/s.jsonl", .included),
        ("state/agents/main/agent/auth-profiles.json", .secret),
        ("state/agents/main/agent/openclaw-agent.sqlite", .sqlite),
        ("state/credentials/whatsapp/creds.json", .secret),
        ("state/memory/main.sqlite", .sqlite),
        ("state/memory/main.sqlite-wal", .excluded),
        ("state/logs/gateway.log", .excluded),
        ("state/gateway.pid", .excluded),
        ("state/.env", .secret),
        ("state/secrets.json", .secret),
        ("state/workspace/AGENTS.md", .included),
        ("ws-coder/MEMORY.md", .included),
        ("ws-coder/node_modules/x.js", .excluded),
    ]

    @Test func linuxLayoutWithAWorkspaceOutsideTheStateFolder() throws {
        try Adapter.openclaw.walk(home("/home/me")).check(roots: [
            "state": "/home/me/.openclaw",
            "ws-coder": "/home/me/projects/coder-ws",
        ], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.openclaw.walk(home("/Users/me"), platform: .macOS).check(roots: [
            "state": "/Users/me/.openclaw",
            "ws-coder": "/Users/me/projects/coder-ws",
        ], rows)
    }

    @Test func legacyFolderAndConfigPathOverride() throws {
        let legacy = AdapterFakeHome(files: ["~/.clawdbot/agents/a/sessions/s.jsonl"])
        try Adapter.openclaw.walk(legacy).check(roots: ["state": "/home/me/.clawdbot"], [("state/agents/a/sessions/s.jsonl", .included)])

        let moved = AdapterFakeHome(files: ["/s/agents/a/sessions/s.jsonl", "/ws/default/SOUL.md"],
                                    contents: ["/etc/oc/openclaw.json": #"{"agents": {"defaults": {"workspace": "/ws/default"}}}"#])
        try Adapter.openclaw.walk(moved, ["OPENCLAW_STATE_DIR": "/s", "OPENCLAW_CONFIG_PATH": "/etc/oc/openclaw.json"]).check(roots: [
            "state": "/s",
            "config": "/etc/oc/openclaw.json (file)",
            "ws-default": "/ws/default",
        ], [
            ("state/agents/a/sessions/s.jsonl", .included),
            ("config/openclaw.json", .redacted),
            ("ws-default/SOUL.md", .included),
        ])
    }

    @Test func anUnreadableConfigDoesNotStopTheBackup() throws {
        let home = AdapterFakeHome(files: ["~/.openclaw/agents/a/sessions/s.jsonl"], contents: ["~/.openclaw/openclaw.json": "{ this is not json"])
        #expect(try Adapter.openclaw.resolveRoots(in: home.environment()).map(\.label) == ["state"])
    }

    @Test func botTokensInTheConfigAreRedacted() throws {
        let redactor = try #require(try Adapter.openclaw.redactor())
        let result = try redactor.redact(Array(config("/home/me").utf8), virtualPath: "state/openclaw.json")
        #expect(result.redactedKeys == ["channels.telegram.botToken"])
        #expect(!String(decoding: result.contents, as: UTF8.self).contains("SECRET"))
    }
}
