import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct ContinueAdapterTests {
    private let files = [
        "~/.continue/config.yaml", "~/.continue/config.json", "~/.continue/config.ts", "~/.continue/.continuerc.json",
        "~/.continue/sessions/s1.json", "~/.continue/sessions/sessions.json", "~/.continue/sessions/old/x.json",
        "~/.continue/prompts/p.md", "~/.continue/rules/r.md", "~/.continue/assistants/a.yaml", "~/.continue/index/index.sqlite",
        "~/.continue/dev_data/devdata.sqlite", "~/.continue/logs/core.log", "~/.continue/types/core/index.d.ts",
        "~/.continue/.utils/x", "~/.continue/.env", "~/.continue/auth.json", "~/.continue/random.txt",
    ]

    private let rows: [(String, Fate)] = [
        ("home/config.yaml", .redacted),
        ("home/config.json", .redacted),
        ("home/config.ts", .included),
        ("home/.continuerc.json", .redacted),
        ("home/sessions/s1.json", .included),
        ("home/sessions/sessions.json", .included),
        ("home/sessions/old/x.json", .notIncluded),
        ("home/prompts/p.md", .included),
        ("home/rules/r.md", .included),
        ("home/assistants/a.yaml", .included),
        ("home/index/index.sqlite", .excluded),
        ("home/dev_data/devdata.sqlite", .excluded),
        ("home/logs/core.log", .excluded),
        ("home/types/core/index.d.ts", .excluded),
        ("home/.utils/x", .excluded),
        ("home/.env", .secret),
        ("home/auth.json", .secret),
        ("home/random.txt", .notIncluded),
    ]

    @Test func linuxLayout() throws {
        try Adapter.continueDev.walk(AdapterFakeHome(files: files)).check(roots: ["home": "/home/me/.continue"], rows)
    }

    @Test func macOSLayoutIsTheSame() throws {
        try Adapter.continueDev.walk(AdapterFakeHome(home: "/Users/me", files: files), platform: .macOS).check(roots: ["home": "/Users/me/.continue"], rows)
    }

    @Test func relativeGlobalDirIsResolvedAgainstTheWorkingDirectory() throws {
        let home = AdapterFakeHome(files: ["/work/rel/cont/config.yaml"])
        try Adapter.continueDev.walk(home, ["CONTINUE_GLOBAL_DIR": "rel/cont"], workingDirectory: "/work").check(roots: ["home": "/work/rel/cont"], [
            ("home/config.yaml", .redacted),
        ])
        #expect(try Adapter.continueDev.resolveRoots(in: home.environment(["CONTINUE_GLOBAL_DIR": "rel/cont"])).isEmpty,
                "without a working directory a relative path is not guessed")
    }

    @Test func inlineModelKeysAreRedacted() throws {
        let redactor = try #require(try Adapter.continueDev.redactor())
        let yaml = "name: mine\nmodels:\n  - name: gpt\n    provider: openai\n    apiKey: sk-SECRET\n"
        let result = try redactor.redact(Array(yaml.utf8), virtualPath: "home/config.yaml")
        #expect(result.redactedKeys == ["models[0].apiKey"])
        #expect(!String(decoding: result.contents, as: UTF8.self).contains("sk-SECRET"))
    }
}
