import Testing
@testable import AgentBackupDomain

@Suite struct RestorePlanTests {
    let hashA = String(repeating: "a", count: 64)
    let hashB = String(repeating: "b", count: 64)
    let roots = [Root(label: "config", path: "/home/u/.cfg"), Root(label: "data", path: "/home/u/.data/"),
                 Root(label: "single", path: "/home/u/.tool.json", kind: .file)]

    func manifest(_ paths: [String]) -> Manifest {
        Manifest(timestamp: "2026-02-09T10:04:05.123Z",
                 files: Dictionary(uniqueKeysWithValues: paths.map { (VirtualPath(unchecked: $0), ManifestEntry(hash: hashA, size: 3)) }))
    }

    @Test func mapsLabelsToRootsAndFileRootsToTheirFile() throws {
        let plan = try RestorePlan(manifest: manifest(["config/a.json", "data/s/b.jsonl", "single/.tool.json"]),
                                   destination: .roots(roots))
        #expect(plan.items.map(\.action) == [
            .download(destination: "/home/u/.cfg/a.json"),
            .download(destination: "/home/u/.data/s/b.jsonl"),
            .download(destination: "/home/u/.tool.json"),
        ])
        #expect(plan.refusals.isEmpty)
        #expect(plan.deletions.isEmpty)
    }

    @Test func targetFolderTakesEveryLabel() throws {
        let plan = try RestorePlan(manifest: manifest(["other/x", "config/a.json"]), destination: .directory("/tmp/out/"))
        #expect(plan.items.map(\.action) == [.download(destination: "/tmp/out/config/a.json"), .download(destination: "/tmp/out/other/x")])
    }

    @Test func identicalLocalHashSkips() throws {
        let path = try VirtualPath("config/a.json")
        let plan = try RestorePlan(manifest: manifest(["config/a.json", "config/b.json"]), destination: .roots(roots),
                                   localHashes: [path: hashA, try VirtualPath("config/b.json"): hashB])
        #expect(plan.skipped.map(\.path.string) == ["config/a.json"])
        #expect(plan.downloads.map(\.path.string) == ["config/b.json"])
    }

    /// SPEC item 1: unsafe paths are refused before anything else.
    @Test(arguments: ["config/../../x", "/etc/passwd", "config//a", "config/./a", "config/a\u{0}b", "config/", "nolabel"])
    func item01_unsafeManifestPathsAreRefused(_ path: String) {
        #expect(throws: DomainError.self) {
            _ = try RestorePlan(manifest: manifest([path]), destination: .roots(roots))
        }
    }

    @Test func labelWithoutRootIsRefusedNamingTarget() throws {
        let plan = try RestorePlan(manifest: manifest(["secrets/x", "config/a.json"]), destination: .roots(roots))
        #expect(plan.refusals.map(\.path.string) == ["secrets/x"])
        guard case .refuse(let reason) = plan.refusals.first?.action else { Issue.record("no refusal"); return }
        #expect(reason.contains("--target"))
    }

    @Test func fileRootRefusesOtherNames() throws {
        let plan = try RestorePlan(manifest: manifest(["single/other.json"]), destination: .roots(roots))
        #expect(plan.refusals.count == 1)
    }

    @Test func aPathThatIsAlsoAFolderOfAnotherIsRefused() throws {
        let plan = try RestorePlan(manifest: manifest(["data/a", "data/a/b"]), destination: .roots(roots))
        #expect(plan.refusals.map(\.path.string) == ["data/a/b"])
    }

    @Test func twoPathsOnOneLocalFileAreRefused() throws {
        let overlapping = [Root(label: "outer", path: "/r"), Root(label: "inner", path: "/r/sub")]
        let plan = try RestorePlan(manifest: manifest(["inner/f", "outer/sub/f"]), destination: .roots(overlapping))
        #expect(plan.refusals.count == 1)
    }

    /// SPEC item 16: the mirror deletes exactly the local included files the snapshot lacks.
    @Test func item16_mirrorDeletesOnlyLocalFilesTheSnapshotLacks() throws {
        let local = try ["config/a.json", "config/extra.json", "data/old.jsonl"].map { try VirtualPath($0) }
        let plan = try RestorePlan(manifest: manifest(["config/a.json"]), destination: .roots(roots), localFiles: local)
        #expect(plan.deletions == [
            RestorePlan.Deletion(path: try VirtualPath("config/extra.json"), localPath: "/home/u/.cfg/extra.json"),
            RestorePlan.Deletion(path: try VirtualPath("data/old.jsonl"), localPath: "/home/u/.data/old.jsonl"),
        ])
    }

    @Test func withoutMirrorNothingIsDeleted() throws {
        let plan = try RestorePlan(manifest: manifest(["config/a.json"]), destination: .roots(roots), localFiles: nil)
        #expect(plan.deletions.isEmpty)
    }
}
