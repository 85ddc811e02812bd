import Testing
import AgentBackupDomain

/// A stand-in for SHA-256 (the domain has no cryptography): any injective-enough digest works,
/// the plan only compares names it made with the same function.
func toyDigest(_ bytes: [UInt8]) -> [UInt8] {
    var state: [UInt64] = [0xcbf29ce484222325, 0x84222325cbf29ce4, 0x9e3779b97f4a7c15, 0x6a09e667f3bcc909]
    for byte in bytes {
        for lane in state.indices { state[lane] = (state[lane] ^ UInt64(byte)) &* 0x100000001b3 &+ UInt64(lane) }
    }
    return state.flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
}

@Suite struct PathMappingPlanTests {
    let claude = [PathNameRule(folder: "home/projects", encoding: .dashes)]
    let gemini = [PathNameRule(folder: "home/tmp", encoding: .sha256)]

    func paths(_ list: [String]) throws -> [VirtualPath] { try list.map(VirtualPath.init).sorted() }
    func mapper(_ pairs: (String, String)...) throws -> PathMapper { try PathMapper(pairs.map { try PathMapping(from: $0.0, to: $0.1) }) }
    func hashName(_ path: String) -> String {
        String(decoding: PathNameEncoding.sha256.name(for: Array(path.utf8), sha256: toyDigest), as: UTF8.self)
    }
    func plan(_ list: [String], rules: [PathNameRule], mapper: PathMapper, known: [String] = [], holds: @escaping (VirtualPath) -> Bool = { _ in false }) throws -> PathMappingPlan {
        PathMappingPlan(paths: try paths(list), rules: rules, holdsPaths: holds, mapper: mapper,
                        knownPaths: known.map { Array($0.utf8) }, sha256: toyDigest)
    }
    func apply(_ plan: PathMappingPlan, to list: [String]) throws -> [String] {
        try paths(list).map { plan.destination(of: $0).string }.sortedByUTF8()
    }

    @Test func renamesEveryFileOfAnEncodedProjectFolderByItsPrefix() throws {
        let files = ["home/projects/-home-alice-src-app/s1.jsonl", "home/projects/-home-alice-src-app/s2.jsonl",
                     "home/projects/-home-alice/s3.jsonl", "home/projects/-opt-work/s4.jsonl", "home/settings.json"]
        let plan = try plan(files, rules: claude, mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(try apply(plan, to: files) == [
            "home/projects/-Users-alice-src-app/s1.jsonl", "home/projects/-Users-alice-src-app/s2.jsonl",
            "home/projects/-Users-alice/s3.jsonl", "home/projects/-opt-work/s4.jsonl", "home/settings.json",
        ].sortedByUTF8())
        #expect(plan.names.map(\.from) == ["home/projects/-home-alice", "home/projects/-home-alice-src-app"])
        #expect(plan.names.map(\.files) == [1, 2])
        #expect(plan.names.allSatisfy { !$0.exact })
        #expect(plan.collisions.isEmpty && plan.unmapped.isEmpty)
    }

    @Test func aKnownPathSettlesWhatTheLossyEncodingLeavesOpen() throws {
        // "/home/alice/src-old/x" and "/home/alice/src/old/x" share a name; only the first exists.
        let files = ["home/projects/-home-alice-src-old-x/s.jsonl"]
        let guess = try plan(files, rules: claude, mapper: mapper(("/home/alice/src", "/code")))
        #expect(try apply(guess, to: files) == ["home/projects/-code-old-x/s.jsonl"])
        let known = try plan(files, rules: claude, mapper: mapper(("/home/alice/src", "/code")), known: ["/home/alice/src-old/x"])
        #expect(try apply(known, to: files) == files)
        #expect(known.names.isEmpty)
    }

    @Test func hashedNamesNeedAPathFromTheSnapshotAndAncestorsCount() throws {
        let project = "/home/alice/src/app"
        let files = ["home/tmp/\(hashName(project))/chats/session-1.json", "home/tmp/\(hashName("/opt/elsewhere"))/logs.json",
                     "home/tmp/my-slug/chats/session-2.jsonl"]
        let withoutPaths = try plan(files, rules: gemini, mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(withoutPaths.names.isEmpty)
        #expect(withoutPaths.unmapped.map(\.path).sortedByUTF8() == [
            "home/tmp/\(hashName(project))", "home/tmp/\(hashName("/opt/elsewhere"))"].sortedByUTF8())
        // A file the session read names the project through its ancestors.
        let withPaths = try plan(files, rules: gemini, mapper: mapper(("/home/alice", "/Users/alice")),
                                 known: [project + "/Sources/main.swift", "/opt/elsewhere"])
        #expect(withPaths.names.map(\.to) == ["home/tmp/\(hashName("/Users/alice/src/app"))"])
        #expect(withPaths.names.allSatisfy { $0.exact })
        #expect(withPaths.unmapped.isEmpty)
        #expect(try apply(withPaths, to: files).contains("home/tmp/my-slug/chats/session-2.jsonl"))
    }

    @Test func longShortenedNamesAreRenamedOnlyFromAKnownPath() throws {
        let deep = "/home/alice/" + String(repeating: "nested-folder/", count: 16) + "app"
        let name = String(decoding: PathNameEncoding.dashes.name(for: Array(deep.utf8), sha256: toyDigest), as: UTF8.self)
        let files = ["home/projects/\(name)/s.jsonl"]
        let unknown = try plan(files, rules: claude, mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(unknown.unmapped.map(\.path) == ["home/projects/\(name)"])
        let known = try plan(files, rules: claude, mapper: mapper(("/home/alice", "/Users/alice")), known: [deep])
        let moved = "/Users/alice/" + String(repeating: "nested-folder/", count: 16) + "app"
        let expected = String(decoding: PathNameEncoding.dashes.name(for: Array(moved.utf8), sha256: toyDigest), as: UTF8.self)
        #expect(known.names.map(\.to) == ["home/projects/\(expected)"])
    }

    @Test func aRenameOntoAnExistingNameIsACollision() throws {
        let files = ["home/projects/-home-alice-app/a.jsonl", "home/projects/-Users-alice-app/a.jsonl",
                     "home/projects/-home-alice-lib/b.jsonl"]
        let plan = try plan(files, rules: claude, mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(plan.collisions == [PathMappingPlan.Collision(
            target: "home/projects/-Users-alice-app/a.jsonl",
            sources: ["home/projects/-Users-alice-app/a.jsonl", "home/projects/-home-alice-app/a.jsonl"])])
    }

    @Test func aRenamedFileWhereAFolderMustBeIsACollision() throws {
        let files = ["home/projects/-home-a", "home/projects/-Users-a/x.jsonl"]
        let plan = try plan(files, rules: claude, mapper: mapper(("/home/a", "/Users/a")))
        #expect(plan.collisions.map(\.target) == ["home/projects/-Users-a"])
    }

    @Test func namesEqualOnlyAfterUnicodeNormalizationAreTwoFilesNotACollision() throws {
        // Names are bytes (#14): café precomposed and decomposed are two files on disk too.
        let files = ["home/projects/-home-a/caf\u{E9}", "home/projects/-Users-a/cafe\u{301}"]
        let plan = try plan(files, rules: claude, mapper: mapper(("/home/a", "/Users/a")))
        #expect(plan.collisions.isEmpty)
        #expect(Set(try apply(plan, to: files).map { Array($0.utf8) }) == [
            Array("home/projects/-Users-a/caf\u{E9}".utf8), Array("home/projects/-Users-a/cafe\u{301}".utf8)])
    }

    @Test func filesThatHoldPathsAreListedAndTheMappedManifestKeepsEntries() throws {
        let files = ["home/projects/-home-a/s.jsonl", "claudejson/.claude.json", "home/notes.md"]
        let plan = try plan(files, rules: claude, mapper: mapper(("/home/a", "/Users/a")),
                            holds: { $0.name.hasSuffix(".jsonl") || $0.name.hasSuffix(".json") })
        #expect(plan.rewrites.map(\.string) == ["claudejson/.claude.json", "home/projects/-home-a/s.jsonl"])
        let entry = ManifestEntry(hash: String(repeating: "c", count: 64), size: 9)
        let manifest = Manifest(timestamp: "t", files: Dictionary(uniqueKeysWithValues: try files.map { (try VirtualPath($0), entry) }))
        #expect(plan.mappedManifest(manifest).files.keys.map(\.string).sortedByUTF8() == ["claudejson/.claude.json", "home/notes.md", "home/projects/-Users-a/s.jsonl"])
    }

    /// The issue's property: mapping A→B then B→A gives back the original tree, byte for byte,
    /// whatever the projects (names renamed by prefix, hashed names found through known paths).
    @Test(arguments: 0..<40)
    func mappingThereAndBackGivesTheOriginalTree(seed: Int) throws {
        var random = SplitMix(state: UInt64(seed) &+ 0x9e37_79b9_7f4a_7c15)
        let segments = ["src", "app", "my_project", "a.b", "zoë", "x y", "Work", "😀", "node-modules", "v2", "caf\u{E9}", "cafe\u{301}"]
        let homeA = "/home/alice", homeB = "/Users/alice-" + String(seed)
        var projects: [String] = []
        for _ in 0..<(1 + random.next() % 6) {
            let base = random.next() % 4 == 0 ? "/opt/shared" : homeA
            let depth = 1 + Int(random.next() % 4)
            projects.append(base + (0..<depth).map { _ in "/" + segments[Int(random.next() % UInt64(segments.count))] }.joined())
        }
        // Sets of bytes, never of String: café and cafe\u{301} are two projects.
        var files = Set<[UInt8]>()
        let unique = Dictionary(projects.map { (Array($0.utf8), $0) }, uniquingKeysWith: { a, _ in a })
        for (index, project) in unique.values.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            let dashed = String(decoding: PathNameEncoding.dashes.name(for: Array(project.utf8), sha256: toyDigest), as: UTF8.self)
            files.insert(Array("home/projects/\(dashed)/session-\(index).jsonl".utf8))
            files.insert(Array("home/tmp/\(hashName(project))/chats/session-\(index).json".utf8))
        }
        files.insert(Array("home/settings.json".utf8))
        let tree = files.sorted { $0.lexicographicallyPrecedes($1) }.map { String(decoding: $0, as: UTF8.self) }
        let there = try plan(tree, rules: claude + gemini, mapper: mapper((homeA, homeB)), known: projects)
        guard there.collisions.isEmpty else { return }   // two projects sharing a lossy name
        let moved = try apply(there, to: tree)
        let movedProjects = projects.map { $0.hasPrefix(homeA + "/") ? homeB + $0.dropFirst(homeA.count) : $0 }
        let back = try plan(moved, rules: claude + gemini, mapper: mapper((homeB, homeA)), known: movedProjects)
        #expect(try apply(back, to: moved).map { Array($0.utf8) } == tree.map { Array($0.utf8) })
        #expect(there.unmapped.isEmpty)
    }
}

