import Testing
@testable import AgentBackupDomain

@Suite struct RootTests {
    @Test func directoryRootBuildsAndMapsVirtualPaths() throws {
        let root = Root(label: "config", path: "/home/u/.config/goose", kind: .directory)
        let path = try root.virtualPath(relative: "profiles/default.yaml")
        #expect(path.string == "config/profiles/default.yaml")
        #expect(root.localPath(for: path) == "/home/u/.config/goose/profiles/default.yaml")
        #expect(root.localPath(for: try VirtualPath("data/x")) == nil)
    }

    @Test func directoryRootWithTrailingSlash() throws {
        let root = Root(label: "d", path: "/tmp/x/")
        #expect(root.kind == .directory)
        #expect(root.localPath(for: try VirtualPath("d/a/b")) == "/tmp/x/a/b")
    }

    @Test func fileRootContributesItsBasename() throws {
        let root = Root(label: "cfg", path: "/home/u/.claude.json", kind: .file)
        #expect(root.basename == ".claude.json")
        let path = try root.virtualPath(relative: "ignored")
        #expect(path.string == "cfg/.claude.json")
        #expect(root.localPath(for: path) == "/home/u/.claude.json")
        #expect(root.localPath(for: try VirtualPath("cfg/other.json")) == nil)
        #expect(root.localPath(for: try VirtualPath("cfg/.claude.json/x")) == nil)
    }

    @Test func basenameIgnoresTrailingSlashes() {
        #expect(Root(label: "a", path: "/x/y//", kind: .file).basename == "y")
        #expect(Root(label: "a", path: "plain", kind: .file).basename == "plain")
    }

    @Test func labelIsCheckedWhenPathsAreBuilt() {
        #expect(throws: DomainError.self) { try Root(label: "", path: "/x").virtualPath(relative: "a") }
        #expect(throws: DomainError.self) { try Root(label: "..", path: "/x").virtualPath(relative: "a") }
        #expect(throws: DomainError.self) { try Root(label: "a/b", path: "/x").virtualPath(relative: "a") }
        #expect(throws: DomainError.self) { try Root(label: "ok", path: "/x").virtualPath(relative: "../a") }
    }

    @Test func labelsAreComparedByBytes() throws {
        let root = Root(label: "\u{E9}", path: "/x")
        #expect(root.localPath(for: try VirtualPath("e\u{301}/a")) == nil)
        #expect(root.localPath(for: try VirtualPath("\u{E9}/a")) == "/x/a")
    }
}
