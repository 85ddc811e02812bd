import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Testing

@Suite("Layout detection: what a prefix of the bucket holds")
struct LayoutDetectorTests {
    static let id = "2026-01-02T03-04-05-678Z"

    func store(_ keys: [String]) async throws -> InMemoryObjectStore {
        let store = InMemoryObjectStore()
        for key in keys { try await store.put(key: key, body: .bytes(Array("x".utf8)), contentType: "application/octet-stream") }
        return store
    }

    func detect(_ keys: [String], prefix: String = "goose-backup") async throws -> RepositoryLayout? {
        try await LayoutDetector(store: store(keys), prefix: prefix).detect()
    }

    @Test func anEmptyPrefixHoldsNothing() async throws {
        #expect(try await detect([]) == nil)
        #expect(try await detect(["other-backup/\(Self.id)/manifest.json", "goose-backup-2/config"]) == nil)
    }

    @Test func theConfigMarkerMeansPacked() async throws {
        #expect(try await detect(["goose-backup/config"]) == .packed)
        #expect(try await detect(["goose-backup/config", "goose-backup/keys/ab"]) == .packed)
    }

    @Test func aRealPackedRepositoryIsPacked() async throws {
        let store = InMemoryObjectStore()
        _ = try await PackedTesting.opener(store: store, passphrase: "pw").open(scratch: "/tmp", forWriting: true)
        #expect(try await LayoutDetector(store: store, prefix: "conformance").detect() == .packed)
    }

    @Test func aSnapshotFolderMeansReference() async throws {
        #expect(try await detect(["goose-backup/\(Self.id)/manifest.json"]) == .reference)
        // An incomplete snapshot (no manifest yet) is still the reference layout's.
        #expect(try await detect(["goose-backup/\(Self.id)/data/a.json"]) == .reference)
        #expect(try await detect(["goose-backup/safety-2026-01-02T03-04-05Z/\(Self.id)/manifest.json"]) == .reference)
    }

    @Test func otherObjectsAreNoBackup() async throws {
        #expect(try await detect(["goose-backup/notes.txt", "goose-backup/photos/a.jpg", "goose-backup/keys/ab"]) == nil)
    }

    @Test func aSnapshotAfterManyPagesIsFound() async throws {
        let junk = (0..<1_100).map { "goose-backup/0-junk-\($0)/x" }
        #expect(try await detect(junk + ["goose-backup/\(Self.id)/manifest.json"]) == .reference)
    }
}

@Suite("LayoutCheckingOpener: the bucket's layout, or the configured one for a new prefix")
struct LayoutCheckingOpenerTests {
    struct Picked: Error, Equatable { var layout: RepositoryLayout }

    struct PickingOpener: SnapshotRepositoryOpener {
        var layout: RepositoryLayout
        func open(scratch: String, forWriting: Bool) async throws -> any SnapshotRepository { throw Picked(layout: layout) }
    }

    func open(_ keys: [String], configured: RepositoryLayout) async throws -> Error? {
        let store = try await LayoutDetectorTests().store(keys)
        let opener = LayoutCheckingOpener(
            configured: configured, store: store, prefix: "goose-backup",
            reference: PickingOpener(layout: .reference), packed: PickingOpener(layout: .packed))
        do {
            _ = try await opener.open(scratch: "/tmp", forWriting: true)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: RepositoryLayout.allCases)
    func anEmptyPrefixGetsTheConfiguredLayout(_ layout: RepositoryLayout) async throws {
        #expect(try await open([], configured: layout) as? Picked == Picked(layout: layout))
    }

    @Test func theBucketsLayoutWhenItAgrees() async throws {
        #expect(try await open(["goose-backup/config"], configured: .packed) as? Picked == Picked(layout: .packed))
        #expect(try await open(["goose-backup/\(LayoutDetectorTests.id)/manifest.json"], configured: .reference) as? Picked == Picked(layout: .reference))
    }

    @Test func aPackedPrefixWithLayoutReferenceIsRefused() async throws {
        let error = try #require(try await open(["goose-backup/config"], configured: .reference) as? RepositoryError)
        #expect(error.kind == .configuration)
        #expect(error.message.contains("goose-backup holds a backup in the packed layout"))
        #expect(error.message.contains("the layout is set to \"reference\""))
        #expect(error.message.contains("B2_LAYOUT=packed"))
        #expect(error.message.contains("migrate --to reference"))
    }

    @Test func aReferencePrefixWithLayoutPackedIsRefused() async throws {
        let error = try #require(try await open(["goose-backup/\(LayoutDetectorTests.id)/manifest.json"], configured: .packed) as? RepositoryError)
        #expect(error.kind == .configuration)
        #expect(error.message.contains("in the reference layout, but the layout is set to \"packed\""))
        #expect(error.message.contains("layout to \"reference\""))
    }
}
