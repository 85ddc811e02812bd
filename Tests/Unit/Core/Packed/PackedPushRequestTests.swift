import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Issue #18: what a push of the packed layout asks of the store, counted through the engine
/// and the composition root's opener (as the benchmark counts W1's pushes).
@Suite struct PackedPushRequestTests {
    static func world(_ store: InMemoryObjectStore) async throws -> EngineSuiteWorld {
        let backend = EngineSuiteLayout.packed.backend(name: "in-memory") { _ in EngineSuiteStore(store: store, prefix: "test-backup") }
        let world = try await EngineSuiteWorld.make(backend: backend, name: "requests")
        for index in 0..<30 { try world.write("data/file\(index).txt", "first version of file \(index)") }
        try await world.push()
        return world
    }

    /// Target: a push of 10 changed files in at most 6 requests. The key listing opens the
    /// repository (its remembered key and config), one snapshot listing serves `holds`, the
    /// passphrase check and retention, the index listing the deduplication; then the pack, the
    /// index and the snapshot. No collection: the first push ran one a moment ago.
    @Test func aPushOfTenChangedFilesCostsSixRequests() async throws {
        let store = InMemoryObjectStore()
        let world = try await Self.world(store)
        for index in 0..<10 { try world.write("data/file\(index).txt", "second version of file \(index), longer") }
        store.resetCalls()
        let summary = try await world.push()
        #expect(summary.uploaded == 10)
        let calls = store.calls
        #expect(calls.map(\.operation) == [.list, .list, .list, .put, .put, .put], "\(calls)")
        #expect(calls.prefix(3).map { $0.keys.first ?? "" } == ["test-backup/keys/", "test-backup/snapshots/", "test-backup/index/"])
        // Every snapshot still restores byte-identical on another machine.
        let other = try world.otherMachine()
        try await other.restore()
        #expect(other.read("data/file3.txt") == "second version of file 3, longer")
        #expect(other.read("data/file20.txt") == "first version of file 20")
    }

    /// A no-change push opens the repository and checks the last snapshot still exists: two listings.
    @Test func aNoChangePushCostsTwoListings() async throws {
        let store = InMemoryObjectStore()
        let world = try await Self.world(store)
        store.resetCalls()
        let summary = try await world.push()
        #expect(summary.outcome == .noChanges)
        #expect(store.calls.map(\.operation) == [.list, .list], "\(store.calls)")
    }

    /// The collection after a push runs once a grace period has passed since the last one on
    /// this machine; `prune` always collects (it reads every snapshot document).
    @Test func aPushCollectsOncePerGracePeriodAndPruneAlways() async throws {
        let store = InMemoryObjectStore()
        let world = try await Self.world(store)
        func documentReads() -> Int {
            store.calls.filter { $0.operation == .getBytes && $0.keys.contains { $0.contains("/snapshots/") } }.count
        }
        try world.write("data/file1.txt", "changed once")
        store.resetCalls()
        try await world.push()
        #expect(documentReads() == 0, "collected again within the grace period: \(store.calls)")
        world.clock.advance(by: 3600)
        try world.write("data/file1.txt", "changed twice")
        store.resetCalls()
        try await world.push()
        #expect(documentReads() == 3, "a grace period later the push collects, reading every snapshot: \(store.calls)")
        store.resetCalls()
        _ = try await world.engine().prune(policy: .keepLast(10), removeSafety: false)
        #expect(documentReads() == 3, "prune collects: \(store.calls)")
    }

    /// A key changed on another machine (`key change`: the old key object deleted) is
    /// forgotten here: the next open reads the bucket again, refuses the old passphrase, and the
    /// new one opens without anything remembered.
    @Test func aKeyChangedElsewhereIsNotOpenedFromMemory() async throws {
        let store = InMemoryObjectStore()
        let world = try await Self.world(store)
        let elsewhere = PassphraseKeys(keyrings: LayoutKeyringOpener(
            configured: .packed, store: store,
            settings: PackedRepositorySettings(prefix: "test-backup", passphrase: EngineSuiteLayout.passphrase, cacheFolder: nil), clock: SystemClock()))
        _ = try await elsewhere.change(to: "the new passphrase")
        try world.write("data/file1.txt", "changed after the key change")
        do {
            try await world.push()
            Issue.record("the old passphrase still pushed after the key change")
        } catch {
            #expect("\(error)".contains("opens with this passphrase"), "\(error)")
        }
        let remembered = try FileManager.default.subpathsOfDirectory(atPath: world.directory.path("cache/packed/remembered"))
        #expect(remembered.isEmpty, "the remembered key is forgotten once the bucket no longer lists it")
    }

    /// A damaged or missing memory costs the full open (and is written afresh), never a failure.
    @Test func aDamagedMemoryCostsTheFullOpen() async throws {
        let store = InMemoryObjectStore()
        let world = try await Self.world(store)
        let folder = world.directory.path("cache/packed/remembered")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.count == 1)
        try Data([0, 0, 0, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).write(to: URL(fileURLWithPath: folder + "/" + names[0]))
        store.resetCalls()
        #expect(try await world.push().outcome == .noChanges)
        #expect(store.calls.map(\.operation) == [.head, .getBytes, .list, .getBytes, .list], "\(store.calls)")
        store.resetCalls()
        #expect(try await world.push().outcome == .noChanges)
        #expect(store.calls.map(\.operation) == [.list, .list], "remembered again: \(store.calls)")
    }
}
