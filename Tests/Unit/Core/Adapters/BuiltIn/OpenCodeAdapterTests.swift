import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct OpenCodeAdapterTests {
    private let files = [
        "~/.local/share/opencode/opencode.db", "~/.local/share/opencode/opencode.db-wal", "~/.local/share/opencode/opencode-nightly.db",
        "~/.local/share/opencode/storage/session/s.json", "~/.local/share/opencode/project/p.json", "~/.local/share/opencode/log/l.log",
        "~/.local/share/opencode/snapshot/abc/HEAD", "~/.local/share/opencode/bin/rg", "~/.local/share/opencode/auth.json",
        "~/.local/share/opencode/mcp-auth.json", "~/.local/share/opencode/other.txt",
        "~/.config/opencode/opencode.json", "~/.config/opencode/opencode.jsonc", "~/.config/opencode/agent/a.md",
        "~/.config/opencode/node_modules/x/index.js", "~/.local/state/opencode/model.json",
    ]

    private let rows: [(String, Fate)] = [
        ("data/opencode.db", .sqlite),
        ("data/opencode.db-wal", .excluded),
        ("data/opencode-nightly.db", .sqlite),
        ("data/storage/session/s.json", .included),
        ("data/project/p.json", .included),
        ("data/log/l.log", .excluded),
        ("data/snapshot/abc/HEAD", .excluded),
        ("data/bin/rg", .excluded),
        ("data/auth.json", .secret),
        ("data/mcp-auth.json", .secret),
        ("data/other.txt", .notIncluded),
        ("config/opencode.json", .redacted),
        ("config/opencode.jsonc", .redacted),
        ("config/agent/a.md", .included),
        ("config/node_modules/x/index.js", .excluded),
        ("state/model.json", .included),
    ]

    @Test func linuxLayout() throws {
        try Adapter.opencode.walk(AdapterFakeHome(files: files)).check(roots: [
            "data": "/home/me/.local/share/opencode",
            "config": "/home/me/.config/opencode",
            "state": "/home/me/.local/state/opencode",
        ], rows)
    }

    @Test func macOSUsesTheSameXDGFolders() throws {
        try Adapter.opencode.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: [
            "data": "/Users/me/.local/share/opencode",
            "config": "/Users/me/.config/opencode",
            "state": "/Users/me/.local/state/opencode",
        ], rows)
    }

    @Test func databaseOutsideTheDataFolderIsASingleFileRoot() throws {
        let home = AdapterFakeHome(files: ["/db/oc.db", "~/.local/share/opencode/storage/s.json"])
        try Adapter.opencode.walk(home, ["OPENCODE_DB": "/db/oc.db"]).check(roots: [
            "data": "/home/me/.local/share/opencode",
            "db": "/db/oc.db (file)",
        ], [
            ("db/oc.db", .sqlite),
            ("data/storage/s.json", .included),
        ])
        let inside = AdapterFakeHome(files: ["~/.local/share/opencode/custom.db"])
        try Adapter.opencode.walk(inside, ["OPENCODE_DB": "/home/me/.local/share/opencode/custom.db"]).check(roots: [
            "data": "/home/me/.local/share/opencode",
        ], [("data/custom.db", .notIncluded)])
    }
}
