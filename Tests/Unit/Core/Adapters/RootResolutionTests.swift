import AgentBackupDomain
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// Resolution rules every adapter relies on: first existing candidate, kinds, links, platform
/// candidates, conditions, discovery labels.
@Suite struct RootResolutionTests {
    private func roots(_ adapter: Adapter, _ home: AdapterFakeHome, _ variables: [String: String] = [:], platform: Platform = .linux) throws -> [String] {
        try adapter.resolveRoots(in: home.environment(variables, platform: platform)).map { "\($0.label)=\($0.path)\($0.kind == .file ? " (file)" : "")" }
    }

    private func adapter(_ roots: [RootSpec]) -> Adapter {
        Adapter(id: "t", roots: roots, include: ["."])
    }

    @Test func firstExistingCandidateOfTheRightKindWins() throws {
        let home = AdapterFakeHome(files: ["~/.b", "~/.c/x"])
        #expect(try roots(adapter([.directory("d", ["$NONE", "~/.a", "~/.b", "~/.c"])]), home) == ["d=/home/me/.c"], "~/.b is a file, not a folder")
        #expect(try roots(adapter([.file("f", ["~/.a", "~/.c", "~/.b"])]), home) == ["f=/home/me/.b (file)"])
        #expect(try roots(adapter([.directory("d", "~/.missing")]), home).isEmpty)
    }

    @Test func symbolicLinkedRootsAreFollowedOnlyAtTheRoot() throws {
        var home = AdapterFakeHome(files: ["/dotfiles/claude/CLAUDE.md", "/dotfiles/claude.json"])
        home.addSymlink("~/.claude", to: "/dotfiles/claude")
        home.addSymlink("~/.claude.json", to: "/dotfiles/claude.json")
        home.addSymlink("~/.dangling", to: "/nowhere")
        let spec = adapter([.directory("home", "~/.claude"), .file("json", "~/.claude.json"), .file("dangling", "~/.dangling"), .directory("d2", "~/.dangling")])
        #expect(try roots(spec, home) == ["home=/home/me/.claude", "json=/home/me/.claude.json (file)"])
    }

    @Test func platformCandidates() throws {
        let home = AdapterFakeHome(files: ["~/.config/App/a", "~/Library/Application Support/App/a"])
        let spec = adapter([.directory("app", .byPlatform(linux: ["~/.config/App"], macOS: ["~/Library/Application Support/App"])),
                            .directory("linuxOnly", .byPlatform(linux: ["~/.config"], macOS: []))])
        #expect(try roots(spec, home) == ["app=/home/me/.config/App", "linuxOnly=/home/me/.config"])
        #expect(try roots(spec, home, platform: .macOS) == ["app=/home/me/Library/Application Support/App"])
    }

    @Test func unlessSetAndUnlessInside() throws {
        let home = AdapterFakeHome(files: ["/main/x", "/main/sub/x", "/other/x", "~/.rc"])
        let spec = adapter([
            .directory("main", "$MAIN"),
            .file("rc", "~/.rc", unlessSet: ["MAIN"]),
            .directory("extra", "$EXTRA", unlessInside: ["main"]),
        ])
        #expect(try roots(spec, home, ["MAIN": "/main", "EXTRA": "/other"]) == ["main=/main", "extra=/other"])
        #expect(try roots(spec, home, ["MAIN": "/main", "EXTRA": "/main/sub"]) == ["main=/main"])
        #expect(try roots(spec, home, ["MAIN": "/main", "EXTRA": "/main"]) == ["main=/main"])
        #expect(try roots(spec, home, ["EXTRA": "/main"]) == ["rc=/home/me/.rc (file)", "extra=/main"], "nothing to be inside of when main is absent")
        #expect(try roots(spec, home, ["MAIN": ""]) == ["rc=/home/me/.rc (file)"], "an empty variable counts as unset")
    }

    @Test func discoveredLabelsAreSanitizedNumberedAndNeverTakeAFixedLabel() throws {
        let home = AdapterFakeHome(directories: ["/p/My Project!", "/q/my-project", "/r/home", "/s/.hidden", "/t/---"])
        let spec = adapter([
            .directory("home", "/p"),
            .discover(labelPrefix: "", .listFromEnvironment(variable: "LIST")),
        ])
        #expect(try roots(spec, home, ["LIST": "/p/My Project!,/q/my-project:/r/home, /s/.hidden ,/t/---,,"]) == [
            "home=/p",
            "My-Project=/p/My Project!",
            "my-project=/q/my-project",
            "home-2=/r/home",
            "hidden=/s/.hidden",
            "project=/t/---",
        ])
    }

    @Test func globDiscovery() throws {
        let home = AdapterFakeHome(directories: ["~/.tools-b/state", "~/.tools-a/state", "~/.tools-c", "~/.other/state"])
        let spec = adapter([.discover(labelPrefix: "t-", .glob(pattern: "~/.tools-*/state"))])
        let found = try roots(spec, home)
        #expect(found == ["t-a=/home/me/.tools-a/state", "t-b=/home/me/.tools-b/state"])
        #expect(Discovery.wildcard("*.json", matches: "a.json"))
        #expect(!Discovery.wildcard("*", matches: ".hidden"))
        #expect(Discovery.wildcard("a*b*c", matches: "aXbYc"))
        #expect(!Discovery.wildcard("a*b", matches: "ab-c"))
        #expect(Discovery.wildcardCaptures("a*b*c", "aXbYc") == ["X", "Y"])
        #expect(Discovery.wildcardCaptures("Code*", "Code - Insiders") == [" - Insiders"])
    }

    @Test func jsonListRelativeFoldersAndMissingMembers() throws {
        let home = AdapterFakeHome(contents: [
            "/data/list.json": #"{"items": [{"dir": "p1"}, {"dir": "/abs/p2", "name": "Second"}, {"dir": "~/p3"}, {"other": 1}, "x", {"dir": 5}]}"#,
        ], directories: ["/data/p1", "/abs/p2", "/home/me/p3"])
        let spec = adapter([.discover(labelPrefix: "i-", .jsonList(JSONListDiscovery(file: "/data/list.json", items: "items", directory: "dir", name: "name")))])
        #expect(try roots(spec, home) == ["i-Second=/abs/p2", "i-p1=/data/p1", "i-p3=/home/me/p3"])
    }

    @Test func everyFixedLabelIsReservedEvenWhenItsRootIsMissing() throws {
        let home = AdapterFakeHome(directories: ["/x/later"])
        let spec = adapter([.discover(labelPrefix: "", .listFromEnvironment(variable: "L")), .directory("later", "~/.later")])
        #expect(try roots(spec, home, ["L": "/x/later"]) == ["later-2=/x/later"])
    }
}
