import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct OpenHandsAdapterTests {
    private let files = [
        "~/.openhands/agent_settings.json", "~/.openhands/settings.json", "~/.openhands/mcp.json", "~/.openhands/cli_config.json",
        "~/.openhands/conversations/c1/base_state.json", "~/.openhands/conversations/c1/events/event-00000.json",
        "~/.openhands/secrets.json", "~/.openhands/cache/x.bin", "~/.openhands/.cache/y.bin", "~/.openhands/logs/l.log",
        "~/.openhands/store.db", "~/.openhands/store.db-journal",
    ]

    private let rows: [(String, Fate)] = [
        ("home/agent_settings.json", .redacted),
        ("home/settings.json", .redacted),
        ("home/mcp.json", .redacted),
        ("home/cli_config.json", .included),
        ("home/conversations/c1/base_state.json", .redacted),
        ("home/conversations/c1/events/event-00000.json", .included),
        ("home/secrets.json", .secret),
        ("home/cache/x.bin", .excluded),
        ("home/.cache/y.bin", .excluded),
        ("home/logs/l.log", .excluded),
        ("home/store.db", .sqlite),
        ("home/store.db-journal", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.openhands.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.openhands"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.openhands.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.openhands"], rows)
    }

    @Test func cliAndSDKOverridesWithConversationsAndFileStore() throws {
        let home = AdapterFakeHome(files: [
            "/p/agent_settings.json", "/sdk/settings.json", "/convs/c2/base_state.json", "/convs/c2/events/e.json",
            "/fs/sessions/s/events/1.json", "/fs/secrets.json", "/fs/.cache/c",
        ])
        try Adapter.openhands.walk(home, [
            "OPENHANDS_PERSISTENCE_DIR": "/p", "OH_PERSISTENCE_DIR": "/sdk", "OPENHANDS_CONVERSATIONS_DIR": "/convs", "FILE_STORE_PATH": "/fs",
        ]).check(roots: ["home": "/p", "conversations": "/convs", "filestore": "/fs"], [
            ("home/agent_settings.json", .redacted),
            ("conversations/c2/base_state.json", .redacted),
            ("conversations/c2/events/e.json", .included),
            ("filestore/sessions/s/events/1.json", .included),
            ("filestore/secrets.json", .secret),
            ("filestore/.cache/c", .excluded),
        ])
        try Adapter.openhands.walk(home, ["OH_PERSISTENCE_DIR": "/sdk", "OPENHANDS_CONVERSATIONS_DIR": "/sdk/conversations"]).check(roots: ["home": "/sdk"], [
            ("home/settings.json", .redacted),
        ])
    }

    @Test func llmKeyInAgentSettingsIsRedacted() throws {
        let redactor = try #require(try Adapter.openhands.redactor())
        let json = #"{"llm": {"model": "claude-sonnet", "api_key": "sk-SECRET", "base_url": null}, "condenser": {"max_size": 80}}"#
        let result = try redactor.redact(Array(json.utf8), virtualPath: "home/agent_settings.json")
        #expect(result.redactedKeys == ["llm.api_key"])
    }
}
