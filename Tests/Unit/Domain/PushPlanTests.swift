import Testing
@testable import AgentBackupDomain

@Suite struct PushPlanTests {
    let previousID = SnapshotRef.regular(try! SnapshotID(parsing: "2026-02-09T10-04-05-123Z"))

    func entry(_ hashDigit: Character, size: Int64 = 1) -> ManifestEntry {
        ManifestEntry(hash: String(repeating: hashDigit, count: 64), size: size)
    }

    @Test func withoutPreviousSnapshotEverythingIsUploaded() {
        let plan = PushPlan(current: keyed(["data/a": entry("a"), "data/b": entry("b")]), previous: nil, previousSnapshot: nil)
        #expect(plan.uploads.map(\.string) == ["data/a", "data/b"])
        #expect(plan.reuses.isEmpty)
        #expect(plan.diff.added.map(\.string) == ["data/a", "data/b"])
        #expect(plan.previousSnapshot == nil)
        #expect(plan.actions[path("data/a")] == .upload(.noPreviousSnapshot))
        #expect(plan.hasChanges)
    }

    @Test func unchangedFilesAreCopiedFromThePreviousSnapshotChangedAndAddedUploaded() {
        let previous = Manifest(timestamp: previousID.id.isoTimestamp,
                                files: keyed(["data/same": entry("1"), "data/changed": entry("2"), "data/gone": entry("3")]))
        let plan = PushPlan(current: keyed(["data/same": entry("1"), "data/changed": entry("9"), "data/new": entry("4")]),
                            previous: previous, previousSnapshot: previousID)
        #expect(plan.reuses.map(\.string) == ["data/same"])
        #expect(plan.uploads.map(\.string) == ["data/changed", "data/new"])
        #expect(plan.actions[path("data/same")] == .reuse(from: previousID))
        #expect(plan.actions[path("data/changed")] == .upload(.changed))
        #expect(plan.actions[path("data/new")] == .upload(.added))
        #expect(plan.actions[path("data/gone")] == nil)
        #expect(plan.diff.deleted.map(\.string) == ["data/gone"])
        #expect(plan.hasChanges)
    }

    /// SPEC items 6 and 11: a copy is planned only when the previous manifest has the SAME hash.
    @Test func item06_item11_copyOnlyWhenThePreviousManifestHasTheSameHash() {
        let previous = Manifest(timestamp: previousID.id.isoTimestamp, files: keyed(["data/a": entry("1")]))
        let plan = PushPlan(current: keyed(["data/a": entry("2")]), previous: previous, previousSnapshot: previousID)
        #expect(plan.reuses.isEmpty)
        #expect(plan.uploads.map(\.string) == ["data/a"])
    }

    /// The reference records live SQLite sizes: same hash, other size is still a copy (same bytes).
    @Test func sameHashDifferentSizeIsCopiedNotReuploaded() {
        let previous = Manifest(timestamp: previousID.id.isoTimestamp, files: keyed(["data/m.db": entry("1", size: 8192)]))
        let plan = PushPlan(current: keyed(["data/m.db": entry("1", size: 12288)]), previous: previous, previousSnapshot: previousID)
        #expect(plan.reuses.map(\.string) == ["data/m.db"])
        #expect(!plan.hasChanges)
    }

    @Test func identicalStateHasNoChanges() {
        let files = keyed(["config/x.json": entry("1"), "data/y": entry("2")])
        let plan = PushPlan(current: files, previous: Manifest(timestamp: previousID.id.isoTimestamp, files: files),
                            previousSnapshot: previousID)
        #expect(!plan.hasChanges)
        #expect(plan.uploads.isEmpty)
        #expect(plan.reuses.map(\.string) == ["config/x.json", "data/y"])
    }

    /// SPEC item 13: a manifest without its snapshot (gone from the bucket) is not usable.
    @Test func item13_previousManifestWithoutSnapshotMeansFullPush() {
        let files = keyed(["data/y": entry("2")])
        let plan = PushPlan(current: files, previous: Manifest(timestamp: previousID.id.isoTimestamp, files: files),
                            previousSnapshot: nil)
        #expect(plan.hasChanges)
        #expect(plan.uploads.map(\.string) == ["data/y"])
        #expect(plan.reuses.isEmpty)
    }

    @Test func pathsAreSortedByUTF8Bytes() {
        let plan = PushPlan(current: keyed(["data/é": entry("1"), "data/z": entry("2"), "data/E": entry("3")]),
                            previous: nil, previousSnapshot: nil)
        #expect(plan.uploads.map(\.string) == ["data/E", "data/z", "data/é"])
    }
}
