import Testing
import AgentBackupDomain

@Suite struct PathMappingTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func parsesFromEqualsToAndDropsTrailingSlashes() throws {
        let mapping = try PathMapping(parsing: "/home/alice/=/Users/alice//")
        #expect(mapping.from == bytes("/home/alice"))
        #expect(mapping.to == bytes("/Users/alice"))
        #expect(mapping.description == "/home/alice=/Users/alice")
    }

    @Test func theSeparatorIsTheFirstEqualsSignBeforeAnAbsolutePath() throws {
        let mapping = try PathMapping(parsing: "/data/a=b=/srv/x")
        #expect(mapping.fromText == "/data/a=b")
        #expect(mapping.toText == "/srv/x")
    }

    @Test(arguments: ["home/alice=/Users/alice", "/home/alice=Users", "/=/Users/alice", "/home/alice=/", "/home/../x=/y",
                      "/home//alice=/y", "/home/a\u{0}=/y", "no-separator", "/home/./a=/b"])
    func refusesWhatIsNotTwoPlainAbsoluteFolders(_ argument: String) {
        #expect(throws: DomainError.self) { try PathMapping(parsing: argument) }
    }

    @Test func mapsOnlyAtSlashBoundaries() throws {
        let mapper = try PathMapper([PathMapping(from: "/home/al", to: "/Users/al")])
        #expect(mapper.map(bytes("/home/al")) == bytes("/Users/al"))
        #expect(mapper.map(bytes("/home/al/src/app")) == bytes("/Users/al/src/app"))
        #expect(mapper.map(bytes("/home/alice")) == nil)
        #expect(mapper.map(bytes("/home/al.old/x")) == nil)
        #expect(mapper.map(bytes("/opt/home/al")) == nil)
    }

    @Test func theLongestMatchingFromWinsAndMappingsNeverChain() throws {
        let mapper = try PathMapper([
            PathMapping(from: "/home/a", to: "/Users/a"),
            PathMapping(from: "/home/a/work", to: "/Volumes/work"),
            PathMapping(from: "/Users/a", to: "/never"),
        ])
        #expect(mapper.map(bytes("/home/a/work/x")) == bytes("/Volumes/work/x"))
        #expect(mapper.map(bytes("/home/a/src")) == bytes("/Users/a/src"))
        #expect(mapper.map(bytes("/home/a/workshop")) == bytes("/Users/a/workshop"))
    }

    @Test func identitiesAreDroppedAndAFolderMappedTwiceIsRefused() throws {
        #expect(try PathMapper([PathMapping(from: "/a", to: "/a")]).isEmpty)
        #expect(throws: DomainError.self) {
            try PathMapper([PathMapping(from: "/a", to: "/b"), PathMapping(from: "/a/", to: "/c")])
        }
        #expect(try PathMapper([PathMapping(from: "/a", to: "/b"), PathMapping(from: "/a/", to: "/b")]).mappings.count == 1)
    }

    @Test func bytesNotStringsDecideAMatch() throws {
        // "é" precomposed and decomposed are equal Swift strings but different folders.
        let mapper = try PathMapper([PathMapping(from: "/home/caf\u{E9}", to: "/Users/cafe")])
        #expect(mapper.map(bytes("/home/cafe\u{301}/x")) == nil)
        #expect(mapper.map(bytes("/home/caf\u{E9}/x")) == bytes("/Users/cafe/x"))
    }

    @Test func reversedUndoesEveryMapping() throws {
        let mapper = try PathMapper([PathMapping(from: "/home/a", to: "/Users/a"), PathMapping(from: "/srv/x", to: "/opt/y")])
        for path in ["/home/a", "/home/a/p/q", "/srv/x/z"] {
            let mapped = try #require(mapper.map(bytes(path)))
            #expect(mapper.reversed.map(mapped) == bytes(path))
        }
    }
}

@Suite struct PathNameEncodingTests {
    func name(_ path: String, _ encoding: PathNameEncoding = .dashes) -> String {
        String(decoding: encoding.name(for: Array(path.utf8), sha256: { _ in Array(0..<32) }), as: UTF8.self)
    }

    /// Vectors from Claude Code's function (`path.replace(/[^a-zA-Z0-9]/g, "-")`, cut at 200 with
    /// a base-36 hash), run with node.
    @Test func dashesMatchesClaudeCode() {
        #expect(name("/home/alice/src/app") == "-home-alice-src-app")
        #expect(name("/Users/foo/.agents") == "-Users-foo--agents")
        #expect(name("/home/user/my_project") == "-home-user-my-project")
        // One dash per UTF-16 code unit: ë is one, 😀 two.
        #expect(name("/home/zoë/😀 x") == "-home-zo-----x")
        let long = "/home/alice/" + String(repeating: "very-long-folder-name_", count: 10) + "/app"
        #expect(name(long) == "-home-alice-" + String(repeating: "very-long-folder-name-", count: 8) + "very-long-fo-2zm8eg")
        let moved = "/Users/alice/" + String(repeating: "very-long-folder-name_", count: 10) + "/app"
        #expect(name(moved).hasSuffix("-very-long-f-bfjmrx"))
        #expect(name(moved).utf8.count == 207)
    }

    @Test func sha256IsLowercaseHexOfTheDigest() {
        #expect(name("/x", .sha256) == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
    }

    @Test func canProduceTellsEncodedNamesFromOthers() {
        #expect(PathNameEncoding.dashes.canProduce(Array("-home-a".utf8)))
        #expect(!PathNameEncoding.dashes.canProduce(Array("notes.md".utf8)))
        #expect(PathNameEncoding.sha256.canProduce(Array(String(repeating: "ab", count: 32).utf8)))
        #expect(!PathNameEncoding.sha256.canProduce(Array("my-project".utf8)))
    }
}
