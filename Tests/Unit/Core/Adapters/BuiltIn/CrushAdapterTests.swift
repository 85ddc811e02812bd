import Foundation
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct CrushAdapterTests {
    /// Crush writes projects most-recently-used first; labels must not follow that order.
    private let projects = """
    {
      "projects": [
        {"path": "/srv/app", "data_dir": "/srv/app/.crush", "last_accessed": "2026-02-01T00:00:00Z"},
        {"path": "/home/me/code/gone", "data_dir": "/home/me/code/gone/.crush", "last_accessed": "2026-01-03T00:00:00Z"},
        {"path": "/home/me/code/app", "data_dir": "/home/me/code/app/.crush", "last_accessed": "2026-01-02T00:00:00Z"},
        {"path": "/home/me/code/tool", "data_dir": "", "last_accessed": "2026-01-01T00:00:00Z"}
      ]
    }
    """

    private func home(_ base: String, data: String) -> AdapterFakeHome {
        AdapterFakeHome(home: base, files: [
            "~/.config/crush/crush.json", "~/.config/crush/other.json",
            data + "/crush.json", data + "/providers.json",
            "/srv/app/.crush/crush.db", "/srv/app/.crush/crush.db-wal", "/srv/app/.crush/crush.json",
            "/srv/app/.crush/logs/crush.log", "/srv/app/.crush/commands/c.md",
            base + "/code/app/.crush/crush.db", base + "/code/app/.crush/skills/s/SKILL.md", base + "/code/app/README.md",
            "~/.crush/commands/mine.md",
        ], contents: [data + "/projects.json": projects.replacingOccurrences(of: "/home/me", with: base)])
    }

    private let rows: [(String, Fate)] = [
        ("config/crush.json", .redacted),
        ("config/other.json", .notIncluded),
        ("data/projects.json", .included),
        ("data/crush.json", .secret),
        ("data/providers.json", .excluded),
        ("proj-app/crush.db", .sqlite),
        ("proj-app/skills/s/SKILL.md", .included),
        ("proj-app-2/crush.db", .sqlite),
        ("proj-app-2/crush.db-wal", .excluded),
        ("proj-app-2/crush.json", .redacted),
        ("proj-app-2/logs/crush.log", .excluded),
        ("proj-app-2/commands/c.md", .included),
        ("home/commands/mine.md", .included),
    ]

    @Test func linuxLayoutWithProjectsSortedByName() throws {
        try Adapter.crush.walk(home("/home/me", data: "~/.local/share/crush")).check(roots: [
            "config": "/home/me/.config/crush",
            "data": "/home/me/.local/share/crush",
            "proj-app": "/home/me/code/app/.crush",
            "proj-app-2": "/srv/app/.crush",
            "home": "/home/me/.crush",
        ], rows)
    }

    @Test func macOSUsesTheSameFolders() throws {
        try Adapter.crush.walk(home("/Users/me", data: "~/.local/share/crush"), platform: .macOS).check(roots: [
            "config": "/Users/me/.config/crush",
            "data": "/Users/me/.local/share/crush",
            "proj-app": "/Users/me/code/app/.crush",
            "proj-app-2": "/srv/app/.crush",
            "home": "/Users/me/.crush",
        ], rows)
    }

    @Test func globalDataOverrideAlsoMovesProjectsJson() throws {
        try Adapter.crush.walk(home("/home/me", data: "/d/crush"), ["CRUSH_GLOBAL_DATA": "/d/crush"]).check(roots: [
            "config": "/home/me/.config/crush",
            "data": "/d/crush",
            "proj-app": "/home/me/code/app/.crush",
            "proj-app-2": "/srv/app/.crush",
            "home": "/home/me/.crush",
        ], rows)
    }

    @Test func malformedProjectsJsonIsAnErrorNamingTheFileAndLine() {
        let home = AdapterFakeHome(contents: ["~/.local/share/crush/projects.json": "{\n  \"projects\": [\n    {\"path\": \"/a\" \"data_dir\": \"/a/.crush\"}\n  ]\n}"])
        #expect {
            try Adapter.crush.resolveRoots(in: home.environment())
        } throws: { error in
            guard let error = error as? AdapterError else { return false }
            return error.kind == .discovery && error.file == "/home/me/.local/share/crush/projects.json" && error.message.contains("line 3")
        }
    }

    @Test func noRootsHintExplainsProjects() throws {
        #expect(try Adapter.crush.resolveRoots(in: AdapterFakeHome().environment()).isEmpty)
        #expect(Adapter.crush.noRootsHint?.contains("projects.json") == true)
    }
}
