import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct AiderAdapterTests {
    private func home(_ base: String) -> AdapterFakeHome {
        AdapterFakeHome(home: base, files: [
            base + "/code/app/.aider.chat.history.md", base + "/code/app/.aider.input.history", base + "/code/app/.aider.llm.history",
            base + "/code/app/.aider.conf.yml", base + "/code/app/.aiderignore", base + "/code/app/.env",
            base + "/code/app/.aider.tags.cache.v4/cache.db", base + "/code/app/src/main.py",
            base + "/code/app2/.aider.chat.history.md", base + "/other/app/.aider.chat.history.md",
            "~/.aider/oauth-keys.env", "~/.aider/caches/c.json", "~/.aider/analytics.json",
            "~/.aider.conf.yml", "~/.aider.model.settings.yml", "~/.aider.model.metadata.json", "~/.env", "~/notes.txt",
        ])
    }

    private let rows: [(String, Fate)] = [
        ("app/.aider.chat.history.md", .included),
        ("app/.aider.input.history", .included),
        ("app/.aider.llm.history", .included),
        ("app/.aider.conf.yml", .redacted),
        ("app/.aiderignore", .included),
        ("app/.env", .secret),
        ("app/.aider.tags.cache.v4/cache.db", .excluded),
        ("app/src/main.py", .notIncluded),
        ("app2/.aider.chat.history.md", .included),
        ("app-2/.aider.chat.history.md", .included),
        ("aiderdir/oauth-keys.env", .secret),
        ("aiderdir/caches/c.json", .excluded),
        ("aiderdir/analytics.json", .notIncluded),
        ("homecfg/.aider.conf.yml", .redacted),
        ("homecfg-model-settings/.aider.model.settings.yml", .included),
        ("homecfg-model-metadata/.aider.model.metadata.json", .included),
    ]

    private func projects(_ base: String) -> String {
        "\(base)/code/app, \(base)/code/app2:\(base)/other/app/,~/missing"
    }

    @Test func linuxLayoutFromAiderProjects() throws {
        try Adapter.aider.walk(home("/home/me"), ["AIDER_PROJECTS": projects("/home/me")]).check(roots: [
            "app": "/home/me/code/app",
            "app2": "/home/me/code/app2",
            "app-2": "/home/me/other/app",
            "aiderdir": "/home/me/.aider",
            "homecfg": "/home/me/.aider.conf.yml (file)",
            "homecfg-model-settings": "/home/me/.aider.model.settings.yml (file)",
            "homecfg-model-metadata": "/home/me/.aider.model.metadata.json (file)",
        ], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.aider.walk(home("/Users/me"), ["AIDER_PROJECTS": projects("/Users/me")], platform: .macOS).check(roots: [
            "app": "/Users/me/code/app",
            "app2": "/Users/me/code/app2",
            "app-2": "/Users/me/other/app",
            "aiderdir": "/Users/me/.aider",
            "homecfg": "/Users/me/.aider.conf.yml (file)",
            "homecfg-model-settings": "/Users/me/.aider.model.settings.yml (file)",
            "homecfg-model-metadata": "/Users/me/.aider.model.metadata.json (file)",
        ], rows)
    }

    @Test func numberingCountsMissingProjectsLikeTheReferencePackage() throws {
        let home = AdapterFakeHome(files: ["/b/app/.aider.chat.history.md"])
        let roots = try Adapter.aider.resolveRoots(in: home.environment(["AIDER_PROJECTS": "/a/app,/b/app"]))
        #expect(roots.map(\.label) == ["app-2"])
    }

    @Test func aProjectNamedLikeAFixedRootGetsANumber() throws {
        let home = AdapterFakeHome(files: ["/p/aiderdir/.aider.chat.history.md", "~/.aider/analytics.json"])
        let roots = try Adapter.aider.resolveRoots(in: home.environment(["AIDER_PROJECTS": "/p/aiderdir"]))
        #expect(roots.map(\.label) == ["aiderdir-2", "aiderdir"])
    }

    @Test func withoutProjectsThereAreNoRootsAndTheHintSaysWhy() throws {
        #expect(try Adapter.aider.resolveRoots(in: AdapterFakeHome(files: ["~/notes.txt"]).environment()).isEmpty)
        #expect(Adapter.aider.noRootsHint == "Set AIDER_PROJECTS to your Aider project directories (comma- or path-delimiter-separated).")
    }
}
