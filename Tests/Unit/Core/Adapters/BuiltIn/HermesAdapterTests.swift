import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct HermesAdapterTests {
    private let files = [
        "~/.hermes/config.yaml", "~/.hermes/SOUL.md", "~/.hermes/state.db", "~/.hermes/state.db-wal", "~/.hermes/.env",
        "~/.hermes/auth.json", "~/.hermes/skills/s/SKILL.md", "~/.hermes/logs/agent.log", "~/.hermes/hermes-agent/run.py",
        "~/.hermes/gateway.pid", "~/.hermes/processes.json", "~/.hermes/gateway_state.json", "~/.hermes/tools/.venv/lib/x.py",
        "~/.hermes/profiles/work/.env", "~/.hermes/profiles/work/auth.json", "~/.hermes/profiles/work/state.db",
        "~/.hermes/profiles/work/logs/l.log", "~/.hermes/profiles/work/memories/m.md",
        "~/.honcho/config.json", "~/.hindsight/banks/b.json", "~/.hindsight/__pycache__/c.pyc",
    ]

    private let rows: [(String, Fate)] = [
        ("home/config.yaml", .included),
        ("home/SOUL.md", .included),
        ("home/state.db", .sqlite),
        ("home/state.db-wal", .excluded),
        ("home/.env", .secret),
        ("home/auth.json", .secret),
        ("home/skills/s/SKILL.md", .included),
        ("home/logs/agent.log", .excluded),
        ("home/hermes-agent/run.py", .excluded),
        ("home/gateway.pid", .excluded),
        ("home/processes.json", .excluded),
        ("home/gateway_state.json", .excluded),
        ("home/tools/.venv/lib/x.py", .excluded),
        ("home/profiles/work/.env", .secret),
        ("home/profiles/work/auth.json", .secret),
        ("home/profiles/work/state.db", .sqlite),
        ("home/profiles/work/logs/l.log", .excluded),
        ("home/profiles/work/memories/m.md", .included),
        ("honcho/config.json", .included),
        ("hindsight/banks/b.json", .included),
        ("hindsight/__pycache__/c.pyc", .excluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.hermes.walk(AdapterFakeHome(files: files)).check(roots: [
            "home": "/home/me/.hermes", "honcho": "/home/me/.honcho", "hindsight": "/home/me/.hindsight",
        ], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.hermes.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: [
            "home": "/Users/me/.hermes", "honcho": "/Users/me/.honcho", "hindsight": "/Users/me/.hindsight",
        ], rows)
    }

    @Test func hermesHomeAndDataDirSuffix() throws {
        let home = AdapterFakeHome(files: ["/h/SOUL.md", "~/.hermes-dev/SOUL.md", "~/.hermes/SOUL.md"])
        try Adapter.hermes.walk(home, ["HERMES_HOME": "/h", "HERMES_DATA_DIR_SUFFIX": "-dev"]).check(roots: ["home": "/h"], [("home/SOUL.md", .included)])
        try Adapter.hermes.walk(home, ["HERMES_DATA_DIR_SUFFIX": "-dev"]).check(roots: ["home": "/home/me/.hermes-dev"], [("home/SOUL.md", .included)])
    }
}
