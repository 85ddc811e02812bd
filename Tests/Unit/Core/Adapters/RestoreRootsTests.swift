import AgentBackupDomain
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// Restore resolves roots that do not exist yet to the agent's default place (a new machine),
/// while push keeps seeing only what exists.
@Suite struct RestoreRootsTests {
    private func described(_ roots: [Root]) -> [String] {
        roots.map { "\($0.label)=\($0.path)\($0.kind == .file ? " (file)" : "")" }
    }

    private func restoreRoots(_ adapter: Adapter, _ home: AdapterFakeHome, _ variables: [String: String] = [:], platform: Platform = .linux) throws -> [String] {
        described(try adapter.restoreRoots(in: home.environment(variables, platform: platform)))
    }

    private func pushRoots(_ adapter: Adapter, _ home: AdapterFakeHome, _ variables: [String: String] = [:]) throws -> [String] {
        described(try adapter.resolveRoots(in: home.environment(variables)))
    }

    private func adapter(_ roots: [RootSpec]) -> Adapter {
        Adapter(id: "t", roots: roots, include: ["."])
    }

    @Test func claudeCodeOnAnEmptyHomeRestoresIntoItsDefaultPlaces() throws {
        let home = AdapterFakeHome()
        #expect(try pushRoots(.claudeCode, home).isEmpty, "push sees only what exists")
        #expect(try restoreRoots(.claudeCode, home) == [
            "home=/home/me/.claude",
            "claudejson=/home/me/.claude.json (file)",
            "xdg=/home/me/.config/claude",
        ])
    }

    @Test func overrideVariablesChooseTheDefaultPlace() throws {
        let home = AdapterFakeHome()
        #expect(try restoreRoots(.claudeCode, home, ["CLAUDE_CONFIG_DIR": "/state/claude", "XDG_CONFIG_HOME": "/xdg"]) == [
            "home=/state/claude",
            "xdg=/xdg/claude",
        ], "~/.claude.json moves inside CLAUDE_CONFIG_DIR, so its own root is left out")
        #expect(try restoreRoots(.claudeCode, home, ["CLAUDE_CONFIG_DIR": "/home/me/.config/claude"]) == [
            "home=/home/me/.config/claude",
        ], "the xdg default lies inside the main root's: not restored twice")
    }

    @Test func existingRootsWinAndOnlyMissingOnesFallBack() throws {
        let home = AdapterFakeHome(files: ["~/.claude/settings.json"])
        #expect(try restoreRoots(.claudeCode, home) == [
            "home=/home/me/.claude",
            "claudejson=/home/me/.claude.json (file)",
            "xdg=/home/me/.config/claude",
        ])
        let later = AdapterFakeHome(files: ["~/.b/x"])
        let spec = adapter([.directory("d", ["$NONE", "~/.a", "~/.b"])])
        #expect(try restoreRoots(spec, later) == ["d=/home/me/.b"], "an existing later candidate beats the default")
        #expect(try restoreRoots(spec, AdapterFakeHome()) == ["d=/home/me/.a"], "the first candidate that expands")
        #expect(try restoreRoots(spec, AdapterFakeHome(), ["NONE": "/custom"]) == ["d=/custom"])
    }

    @Test func theDefaultIsPerPlatform() throws {
        let spec = adapter([.directory("app", .byPlatform(linux: ["${XDG_CONFIG_HOME:-~/.config}/App"], macOS: ["~/Library/Application Support/App"])),
                            .file("rc", .byPlatform(linux: [], macOS: ["~/.apprc"]))])
        #expect(try restoreRoots(spec, AdapterFakeHome()) == ["app=/home/me/.config/App"], "no candidate on Linux: left out")
        #expect(try restoreRoots(spec, AdapterFakeHome(), platform: .macOS) == [
            "app=/home/me/Library/Application Support/App",
            "rc=/home/me/.apprc (file)",
        ])
    }

    @Test func unexpandableAndDiscoveredRootsAreNotInvented() throws {
        let spec = adapter([
            .directory("only-env", "$AGENT_HOME"),
            .discover(labelPrefix: "p-", .listFromEnvironment(variable: "PROJECTS")),
        ])
        #expect(try restoreRoots(spec, AdapterFakeHome()).isEmpty)
        let home = AdapterFakeHome(directories: ["/work/a"])
        #expect(try restoreRoots(spec, home, ["AGENT_HOME": "/agent", "PROJECTS": "/work/a,/work/missing"]) == [
            "only-env=/agent",
            "p-a=/work/a",
        ])
    }
}
