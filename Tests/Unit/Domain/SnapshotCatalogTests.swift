import Testing
@testable import AgentBackupDomain

@Suite struct SnapshotCatalogTests {
    static let folders = [
        "goose-backup/2026-02-09T10-04-05-123Z/",
        "goose-backup/2026-02-08T10-04-05-123Z/",
        "goose-backup/2026-02-10T10-04-05-123Z/",
        "goose-backup/2026-02-07T00-00-00-000Z/",
        "goose-backup/safety-2026-02-09T11-00-00Z/",
        "goose-backup/notes/",
        "goose-backup/2026-02-31T00-00-00-000Z/",
    ]

    static func catalog() -> SnapshotCatalog {
        SnapshotCatalog(
            prefix: "goose-backup",
            folders: folders,
            foldersWithManifest: [
                "goose-backup/2026-02-09T10-04-05-123Z/",
                "goose-backup/2026-02-08T10-04-05-123Z/",
                "goose-backup/2026-02-07T00-00-00-000Z/",
                "goose-backup/notes/",
                "goose-backup/safety-2026-02-09T11-00-00Z/",
            ]
        )
    }

    @Test func completeAreParsableFoldersWithAManifestSortedAscending() {
        #expect(Self.catalog().complete.map(\.rawValue) == ["2026-02-07T00-00-00-000Z", "2026-02-08T10-04-05-123Z", "2026-02-09T10-04-05-123Z"])
    }

    @Test func latestIsTheNewestComplete() {
        #expect(Self.catalog().latest?.rawValue == "2026-02-09T10-04-05-123Z")
    }

    @Test func incompleteAreParsableFoldersWithoutManifest() {
        #expect(Self.catalog().incomplete.map(\.rawValue) == ["2026-02-10T10-04-05-123Z"])
    }

    @Test func safetyFoldersAreSeparateEvenWithAManifest() {
        let catalog = Self.catalog()
        #expect(catalog.safety == ["safety-2026-02-09T11-00-00Z"])
        #expect(!catalog.complete.map(\.rawValue).contains { $0.hasPrefix("safety") })
    }

    @Test func junkFoldersAreIgnoredNotClassified() {
        let catalog = Self.catalog()
        #expect(catalog.ignored == ["2026-02-31T00-00-00-000Z", "notes"])
        #expect(catalog.complete.count + catalog.incomplete.count + catalog.safety.count + catalog.ignored.count == Self.folders.count)
    }

    @Test func acceptsBareNamesAndMergesDuplicates() {
        let catalog = SnapshotCatalog(
            prefix: "p/",
            folders: ["2026-01-01T00-00-00-000Z", "p/2026-01-01T00-00-00-000Z/", "2026-01-02T00-00-00-000Z/"],
            foldersWithManifest: Set(["p/2026-01-01T00-00-00-000Z/"])
        )
        #expect(catalog.prefix == "p")
        #expect(catalog.complete.map(\.rawValue) == ["2026-01-01T00-00-00-000Z"])
        #expect(catalog.incomplete.map(\.rawValue) == ["2026-01-02T00-00-00-000Z"])
    }

    @Test func foldersNotDirectlyUnderThePrefixAreIgnored() {
        let catalog = SnapshotCatalog(
            prefix: "goose-backup",
            folders: ["other-backup/2026-01-01T00-00-00-000Z/", "goose-backup/a/2026-01-01T00-00-00-000Z/", "goose-backup//", "/"],
            foldersWithManifest: ["other-backup/2026-01-01T00-00-00-000Z/"]
        )
        #expect(catalog.complete.isEmpty)
        #expect(catalog.incomplete.isEmpty)
        #expect(catalog.ignored.count == 4)
    }

    @Test func emptyListingHasNoLatest() {
        let catalog = SnapshotCatalog(prefix: "x", folders: [], foldersWithManifest: [])
        #expect(catalog.latest == nil)
        #expect(catalog.complete.isEmpty && catalog.incomplete.isEmpty && catalog.safety.isEmpty)
    }

    @Test func onlyIncompleteMeansNoLatest() {
        let catalog = SnapshotCatalog(prefix: "x", folders: ["x/2026-01-01T00-00-00-000Z/"], foldersWithManifest: [])
        #expect(catalog.latest == nil)
        #expect(catalog.incomplete.count == 1)
    }

    @Test func folderKeysAndMembership() throws {
        let catalog = Self.catalog()
        let id = try SnapshotID(parsing: "2026-02-08T10-04-05-123Z")
        #expect(catalog.folderKey(id) == "goose-backup/2026-02-08T10-04-05-123Z/")
        #expect(catalog.folderKey(named: "safety-2026-02-09T11-00-00Z") == "goose-backup/safety-2026-02-09T11-00-00Z/")
        #expect(catalog.contains(id))
        #expect(!catalog.contains(try SnapshotID(parsing: "2026-02-10T10-04-05-123Z")))
        let bare = SnapshotCatalog(prefix: "", folders: ["2026-01-01T00-00-00-000Z/"], foldersWithManifest: ["2026-01-01T00-00-00-000Z/"])
        #expect(bare.latest.map(bare.folderKey) == "2026-01-01T00-00-00-000Z/")
    }

    @Test func readsTheReferenceFixtureListing() {
        let catalog = SnapshotCatalog(
            prefix: "agent-backup-fixture",
            folders: ["agent-backup-fixture/2026-11-25T12-57-24-347Z/", "agent-backup-fixture/2026-11-25T12-57-25-995Z/", "agent-backup-fixture/2026-11-25T12-57-27-557Z/"],
            foldersWithManifest: ["agent-backup-fixture/2026-11-25T12-57-24-347Z/", "agent-backup-fixture/2026-11-25T12-57-25-995Z/", "agent-backup-fixture/2026-11-25T12-57-27-557Z/"]
        )
        #expect(catalog.latest?.isoTimestamp == "2026-11-25T12:57:27.557Z")
        #expect(catalog.complete.count == 3)
    }
}

@Suite struct StaleIncompleteFolderTests {
    private func catalog(complete: [String], incomplete: [String] = [], safety: [String] = []) -> SnapshotCatalog {
        SnapshotCatalog(prefix: "p", folders: complete + incomplete + safety, foldersWithManifest: complete + safety)
    }

    private func ids(_ ids: [SnapshotID]) -> [String] { ids.map(\.rawValue) }

    @Test func incompleteOlderThanNewestCompleteIsGarbageNewerIsKept() throws {
        let catalog = catalog(
            complete: ["2026-01-02T00-00-00-000Z", "2026-01-04T00-00-00-000Z"],
            incomplete: ["2026-01-01T00-00-00-000Z", "2026-01-03T00-00-00-000Z", "2026-01-05T00-00-00-000Z"])
        #expect(ids(catalog.staleIncomplete) == ["2026-01-01T00-00-00-000Z", "2026-01-03T00-00-00-000Z"])
    }

    @Test func incompleteIsKeptWhenNothingIsComplete() throws {
        #expect(catalog(complete: [], incomplete: ["2026-01-01T00-00-00-000Z"]).staleIncomplete.isEmpty)
    }

    @Test func safetyAndJunkFoldersAreNeverGarbage() throws {
        let safety = ["safety-2020-01-01T00-00-00Z", "safety-2026-01-09T00-00-00Z"]
        #expect(catalog(complete: ["2026-01-05T00-00-00-000Z"], safety: safety).staleIncomplete.isEmpty)
        let catalog = SnapshotCatalog(prefix: "p", folders: ["p/notes/", "p/2026-01-01T00-00-00-000Z/", "p/2026-01-02T00-00-00-000Z/"], foldersWithManifest: ["p/2026-01-02T00-00-00-000Z/"])
        #expect(ids(catalog.staleIncomplete) == ["2026-01-01T00-00-00-000Z"])
        #expect(catalog.ignored == ["notes"])
    }
}
