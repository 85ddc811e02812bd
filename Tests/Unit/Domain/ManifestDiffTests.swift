import Testing
@testable import AgentBackupDomain

@Suite struct ManifestDiffTests {
    @Test func classifiesEveryPath() {
        let old = keyed(["c/same": ManifestEntry(hash: hashA, size: 1), "c/edit": ManifestEntry(hash: hashA, size: 1), "c/gone": ManifestEntry(hash: hashA, size: 1)])
        let new = keyed(["c/same": ManifestEntry(hash: hashA, size: 1), "c/edit": ManifestEntry(hash: hashB, size: 1), "c/new": ManifestEntry(hash: hashA, size: 1)])
        let diff = ManifestDiff(old: old, new: new)
        #expect(diff.added.map(\.string) == ["c/new"])
        #expect(diff.changed.map(\.string) == ["c/edit"])
        #expect(diff.deleted.map(\.string) == ["c/gone"])
        #expect(diff.unchanged.map(\.string) == ["c/same"])
        #expect(!diff.isEmpty)
        #expect(diff.toUpload.map(\.string) == ["c/edit", "c/new"])
    }

    @Test func sizeAloneIsNotAChangeTheHashIsAuthoritative() {
        // The reference records the LIVE size of SQLite files with the hash of the snapshot copy.
        let diff = ManifestDiff(old: keyed(["d/m.db": ManifestEntry(hash: hashA, size: 8192)]), new: keyed(["d/m.db": ManifestEntry(hash: hashA, size: 12288)]))
        #expect(diff.isEmpty)
        #expect(diff.unchanged.map(\.string) == ["d/m.db"])
    }

    @Test func identicalInventoriesAreEmpty() {
        let files = keyed(["a/b": ManifestEntry(hash: hashA, size: 1)])
        #expect(ManifestDiff(old: files, new: files).isEmpty)
        #expect(ManifestDiff(old: [:], new: [:]).isEmpty)
    }

    @Test func onlyDeletionsAreNotEmpty() {
        let diff = ManifestDiff(old: keyed(["a/b": ManifestEntry(hash: hashA, size: 1)]), new: [:])
        #expect(!diff.isEmpty)
        #expect(diff.deleted.map(\.string) == ["a/b"])
        #expect(diff.toUpload.isEmpty)
    }

    @Test func noPreviousManifestMakesEverythingAdded() {
        let new = Manifest(timestamp: "t", files: keyed(["b/x": ManifestEntry(hash: hashA, size: 1), "a/y": ManifestEntry(hash: hashB, size: 2)]))
        let diff = ManifestDiff(old: nil, new: new)
        #expect(diff.added.map(\.string) == ["a/y", "b/x"])
        #expect(diff.changed.isEmpty && diff.deleted.isEmpty && diff.unchanged.isEmpty)
    }

    @Test func listsAreSortedByUTF8Bytes() {
        let paths = ["c/é", "c/Z", "c/a", "c/a/b"]
        let diff = ManifestDiff(old: [:], new: Dictionary(uniqueKeysWithValues: paths.map { (path($0), ManifestEntry(hash: hashA, size: 1)) }))
        #expect(diff.added.map(\.string) == ["c/Z", "c/a", "c/a/b", "c/é"])
    }

    @Test func referencePushSequence() throws {
        // push1 → push3 of the fixture: settings.json and session-2 changed, level3.toml and
        // session-3 deleted, nothing added.
        let push1 = try Manifest.decode(Array(ReferenceManifests.afterPush1.utf8))
        let plain = try Manifest.decode(Array(ReferenceManifests.plain.utf8))
        let diff = ManifestDiff(old: push1, new: plain)
        #expect(diff.added.isEmpty)
        #expect(diff.changed.map(\.string) == ["config/settings.json", "data/sessions/2026-01-01/session-2.jsonl"])
        #expect(diff.deleted.map(\.string) == ["config/profiles/nested/deep/level3.toml", "data/sessions/2026-01-02/session-3.jsonl"])
        #expect(diff.unchanged.count == 8)
    }
}
