@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Prune and push from two machines at once, without locks (FORMAT.md section 8), made
/// deterministic: one operation runs over an `InterleavingStore` that runs the other between two
/// of its store calls, for every call in turn. Whatever the interleaving, every listed snapshot
/// reads back whole and `check` finds nothing damaged, then and after later collections.
@Suite struct PackedConcurrencyTests {
    static let t0: Double = 4_000_000_000
    static let grace: Double = 3600
    static let old = ChunkerTests.xorshift(300_000)

    /// A world on `store` (the shared in-memory one, or an interleaving one over it) and `clock`.
    static func opener(_ store: any ObjectStore, clock: FakeClock) -> PackedRepositoryOpener {
        // Plain: the protocol is the same and a test opens the repository hundreds of times.
        var settings = PackedTesting.settings(passphrase: nil)
        settings.transfers = 1
        return PackedRepositoryOpener(store: store, settings: settings, clock: clock) { store, settings, clock in
            try await PackedRepository.create(store: store, settings: settings, clock: clock, chunker: PackedTesting.smallChunker(), packSize: 1 << 20)
        }
    }

    static func collect(_ opener: PackedRepositoryOpener, clock: FakeClock, scratch: String) async throws -> RepositoryDeletion {
        try await opener.open(scratch: scratch, forWriting: false).collectGarbage(now: clock.now().timeIntervalSince1970, graceSeconds: 0)
    }

    /// Snapshot 1 holds `old` (deleted, then marked pending by a collection at t0, which is
    /// stopped before deleting the index it read when `stoppedMarking`: the pack is then live in
    /// one index object and pending in another); snapshot 2 holds a small file. Then the clock
    /// moves two grace periods on: the next collection deletes the pack.
    static func history(stoppedMarking: Bool) async throws -> (RepositoryWorld, FakeClock) {
        let clock = FakeClock(now: Date(timeIntervalSince1970: t0), sleepAdvancesTime: false)
        let world = try RepositoryWorld(factory: { store in opener(store, clock: clock) }, hasher: OpenSSLHasher())
        try await world.write(["data/old.bin": old, "data/keep.txt": Array("kept\n".utf8)], as: RepositoryWorld.ref(1))
        try await world.write(["data/new.txt": Array("new\n".utf8)], as: RepositoryWorld.ref(2))
        _ = try await world.repository().delete([RepositoryWorld.ref(1)])
        if stoppedMarking {
            world.store.failCall(number: 1, of: .delete, with: .injected(.permanent, httpStatus: 500, message: "killed"))
        }
        _ = try? await collect(opener(world.store, clock: clock), clock: clock, scratch: world.scratch.path)
        world.store.clearFaults()
        clock.advance(by: 2 * grace)
        return (world, clock)
    }

    /// A push of `old` again (it must not rely on the pending pack) and a new file of several
    /// packs (so packs are uploaded before the push commits).
    static func push(_ opener: PackedRepositoryOpener, world: RepositoryWorld, as ref: SnapshotRef) async throws {
        let repository = try await opener.open(scratch: world.scratch.path, forWriting: true)
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        var files: [VirtualPath: ManifestEntry] = [:]
        for (path, bytes) in [("data/old.bin", old), ("data/fresh.bin", Array(ChunkerTests.xorshift(2_500_000).reversed()))] {
            let local = try world.files.write(Array(bytes), to: "src/\(UUID().uuidString)")
            let digest = world.hasher.digest(of: Array(bytes))
            let status = FileStatus(kind: .regular, size: digest.size, mtimeNs: 0, ctimeNs: 0, inode: 1)
            let virtual = try VirtualPath(path)
            files[virtual] = try await writer.store(virtual, from: LocalSource(path: local, expected: ManifestEntry(hash: digest.sha256, size: digest.size), isStable: true, status: status))
        }
        _ = try await writer.commit(Manifest(snapshot: ref.id, files: files), metadata: [:])
    }

    /// Every listed snapshot reads and `check` is clean; then again after collections far later.
    static func requireHealthy(_ world: RepositoryWorld, clock: FakeClock, _ label: String) async throws {
        for round in 0..<3 {
            try await world.everyListedSnapshotReads()
            let repository = try await world.repository() as! PackedRepository
            let report = try await repository.check(RepositoryCheckDepth(readDataFraction: 1), scratch: world.scratch.path)
            #expect(report.isHealthy, "\(label), round \(round): \(report.problems)")
            clock.advance(by: 2 * grace)
            _ = try await collect(opener(world.store, clock: clock), clock: clock, scratch: world.scratch.path)
        }
    }

    @Test(arguments: [false, true])
    func aPushBetweenAnyTwoStepsOfAPrune(stoppedMarking: Bool) async throws {
        for step in 1...80 {
            let (world, clock) = try await Self.history(stoppedMarking: stoppedMarking)
            let pushed = Locked(false)
            let store = InterleavingStore(base: world.store, at: step) { _, _ in
                try await Self.push(Self.opener(world.store, clock: clock), world: world, as: RepositoryWorld.ref(3))
                pushed.withLock { $0 = true }
            }
            _ = try await Self.collect(Self.opener(store, clock: clock), clock: clock, scratch: world.scratch.path)
            #expect(!store.fired || pushed.withLock { $0 }, "step \(step): the push failed")
            #expect(try await world.repository().catalog().regular.count == (store.fired ? 2 : 1))
            try await Self.requireHealthy(world, clock: clock, "push before prune call \(step)")
            if !store.fired { return }
        }
        Issue.record("a collection made more than 80 store calls")
    }

    /// `prunes` collections run between two steps of a push, the clock moving two grace periods
    /// before each: with two, packs the push uploaded before them are marked and then deleted, so
    /// the push (now late) must find that out and publish nothing. Before the push's index and
    /// snapshot PUTs the clock stays: a writer publishes within grace/2 of its last check (the
    /// one timing assumption of section 8; a pause longer than that there is outside it).
    @Test(arguments: [(false, 1), (true, 1), (false, 2), (true, 2)])
    func prunesBetweenAnyTwoStepsOfAPush(stoppedMarking: Bool, prunes: Int) async throws {
        var refused = 0
        for step in 1...80 {
            let (world, clock) = try await Self.history(stoppedMarking: stoppedMarking)
            let store = InterleavingStore(base: world.store, at: step) { operation, key in
                let publishing = operation == .put && (key.contains("/index/") || key.contains("/snapshots/"))
                for _ in 0..<prunes {
                    clock.advance(by: publishing ? 0 : 2 * Self.grace)
                    _ = try await Self.collect(Self.opener(world.store, clock: clock), clock: clock, scratch: world.scratch.path)
                }
            }
            do {
                try await Self.push(Self.opener(store, clock: clock), world: world, as: RepositoryWorld.ref(3))
            } catch let error as RepositoryError {
                #expect(error.kind == .failed && store.fired, "step \(step): \(error)")
                refused += 1
            }
            try await Self.requireHealthy(world, clock: clock, "\(prunes) prune(s) before push call \(step)")
            if !store.fired {
                #expect(prunes == 1 || refused > 0, "no interleaving deleted a pack the push had uploaded")
                return
            }
        }
        Issue.record("a push made more than 80 store calls")
    }

    @Test func aPushDoesNotDeduplicateAgainstAPackPendingInAnyIndex() async throws {
        let (world, clock) = try await Self.history(stoppedMarking: true)
        let index = try await (world.repository() as! PackedRepository).context.indexes.load()
        #expect(index.objects.count > 1 && index.marked.contains { index.packs[$0] != nil }, "live in one object, pending in another")
        let before = PackedRepositoryTests.packBytes(world.store)
        try await world.write(["data/old.bin": Self.old], as: RepositoryWorld.ref(3))
        #expect(PackedRepositoryTests.packBytes(world.store) - before > Self.old.count / 2, "the blobs of the marked pack were stored again")
        try await Self.requireHealthy(world, clock: clock, "after the push")
    }

    @Test func ofTwoMarksForOnePackTheLaterCounts() throws {
        let pack = IndexedPack(id: BlobID(ChunkHash.sha256(Array("p".utf8))), length: 100, blobs: [])
        var index = PackedIndex()
        index.add(IndexDocument(pending: [PendingPack(pack: pack, markedAtMs: 2000, reason: .unused)]), object: BlobID(ChunkHash.sha256([1])))
        index.add(IndexDocument(pending: [PendingPack(pack: pack, markedAtMs: 1000, reason: .unused)]), object: BlobID(ChunkHash.sha256([2])))
        #expect(index.pending[pack.id]?.markedAtMs == 2000)
        index.add(IndexDocument(pending: [PendingPack(pack: pack, markedAtMs: 3000, reason: .unindexed)]), object: BlobID(ChunkHash.sha256([3])))
        #expect(index.pending[pack.id]?.markedAtMs == 3000)
    }

    /// The mark index took longer than grace/8 to upload: that collection deletes nothing and a
    /// second index names the packs it marked live again; later collections finish the job.
    @Test func aSlowMarkIndexUploadDeletesNothingAndTakesItsMarksBack() async throws {
        let (world, clock) = try await Self.history(stoppedMarking: false)
        let packsBefore = PackedCollectionTests.packs(world)
        try await world.write(["data/other.bin": ChunkerTests.xorshift(90_000)], as: RepositoryWorld.ref(4))
        _ = try await world.repository().delete([RepositoryWorld.ref(4)])
        let pendingBefore = Set(try await (world.repository() as! PackedRepository).context.indexes.load().pending.keys)
        let slow = InterleavingStore(base: world.store, when: { $0 == .put && $1.contains("/index/") }) { _, _ in
            clock.advance(by: Self.grace / 4)
        }
        let outcome = try await Self.collect(Self.opener(slow, clock: clock), clock: clock, scratch: world.scratch.path)
        #expect(slow.fired && outcome.objects == 0, "\(outcome)")
        #expect(PackedCollectionTests.packs(world).isSuperset(of: packsBefore))
        let index = try await (world.repository() as! PackedRepository).context.indexes.load()
        #expect(Set(index.pending.keys) == pendingBefore, "the second index names the packs it marked live again")
        try await Self.requireHealthy(world, clock: clock, "after a slow collection")
        #expect(PackedRepositoryTests.packBytes(world.store) < 50_000, "later collections deleted the garbage")
    }

    /// An index object uploaded after the collection read the index (here: naming the doomed
    /// pack live) is read again before deleting packs, and spares what it names.
    @Test func packsNamedByAnIndexUploadedDuringTheCollectionAreSpared() async throws {
        let (world, clock) = try await Self.history(stoppedMarking: false)
        let repository = try await world.repository() as! PackedRepository
        let pending = try await repository.context.indexes.load().pending
        let doomed = try #require(pending.values.first?.pack)
        let store = InterleavingStore(base: world.store, when: { $0 == .delete && $1.contains("/index/") }) { _, _ in
            _ = try await repository.context.indexes.write(IndexDocument(packs: [doomed]))
        }
        let outcome = try await Self.collect(Self.opener(store, clock: clock), clock: clock, scratch: world.scratch.path)
        #expect(store.fired && outcome.leftovers.isEmpty, "\(outcome)")
        #expect(world.store.data(for: repository.context.keys.pack(doomed.id)) != nil)
    }
}
