@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Garbage collection of the packed layout (FORMAT.md section 8): what is deleted and when,
/// pushes running at the same time, and kill points at every store call.
@Suite struct PackedCollectionTests {
    static let t0: Double = 4_000_000_000
    static let grace: Double = 3600

    static func packs(_ world: RepositoryWorld) -> Set<String> {
        Set(world.store.keys.filter { $0.contains("/data/") })
    }

    static func collect(_ world: RepositoryWorld, at now: Double) async throws -> RepositoryDeletion {
        try await world.repository().collectGarbage(now: now, graceSeconds: 0)
    }

    /// Two snapshots: the first with a large file only it has, the second sharing a small one.
    static func twoSnapshots(_ world: RepositoryWorld) async throws -> Manifest {
        let first = try await world.write(["data/keep.txt": Array("kept\n".utf8), "data/old.bin": ChunkerTests.xorshift(400_000)], as: RepositoryWorld.ref(1))
        try await world.write(["data/new.txt": Array("new\n".utf8)], as: RepositoryWorld.ref(2),
                              previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first), reused: [try VirtualPath("data/keep.txt"): first.files[try VirtualPath("data/keep.txt")]!])
        return first
    }

    @Test func unusedPacksGoOneGracePeriodAfterTheyAreMarked() async throws {
        let world = try PackedRepositoryTests.world()
        _ = try await Self.twoSnapshots(world)
        let packsBefore = Self.packs(world)
        _ = try await world.repository().delete([RepositoryWorld.ref(1)])
        let marked = try await Self.collect(world, at: Self.t0)
        #expect(marked.leftovers.isEmpty && Self.packs(world).isSuperset(of: packsBefore), "nothing is deleted when first marked")
        try await world.everyListedSnapshotReads()
        let early = try await Self.collect(world, at: Self.t0 + Self.grace - 60)
        #expect(early.leftovers.isEmpty)
        let late = try await Self.collect(world, at: Self.t0 + Self.grace + 60)
        #expect(!late.leftovers.isEmpty && late.bytes > 300_000, "\(late)")
        try await world.everyListedSnapshotReads()
        let bytes = PackedRepositoryTests.packBytes(world.store)
        #expect(bytes < 100_000, "only the kept and new files' blobs remain: \(bytes) bytes of packs")
        // The small packs left are merged once (their marks go a grace period later); then
        // collections are at a fixed point and delete nothing.
        _ = try await Self.collect(world, at: Self.t0 + 10 * Self.grace)
        try await world.everyListedSnapshotReads()
        #expect(try await Self.collect(world, at: Self.t0 + 20 * Self.grace).objects == 0)
    }

    /// Small packs (one per small push) are merged only once together they fill a pack: merging
    /// any two re-uploaded the same growing pack after every push (W2 in BENCHMARKS.md).
    @Test func smallPacksWaitUntilTheyFillAPack() async throws {
        let world = try PackedRepositoryTests.world()
        var repacked: [Int] = []
        for push in 1...6 {
            try await world.write(["data/turn\(push).bin": ChunkerTests.xorshift(200_000).map { $0 ^ UInt8(push) }], as: RepositoryWorld.ref(push))
            let callsBefore = world.store.calls.count
            _ = try await Self.collect(world, at: Self.t0 + Double(push))
            let packsPut = world.store.calls.dropFirst(callsBefore).filter { $0.operation == .put && $0.keys[0].contains("/data/") }
            if !packsPut.isEmpty { repacked.append(push) }
        }
        // 1 MiB packs in tests: six 200 kB packs are the first to fill one.
        #expect(repacked == [6], "collections that rewrote packs: \(repacked)")
        try await world.everyListedSnapshotReads()
    }

    @Test func aPushThatDeduplicatedAgainstAPackMarkedMeanwhileKeepsIt() async throws {
        let world = try PackedRepositoryTests.world()
        let shared = ChunkerTests.xorshift(200_000)
        try await world.write(["data/shared.bin": shared], as: RepositoryWorld.ref(1))
        let callsBefore = world.store.calls.count
        // The push reads the index (the pack is live) ...
        let repository = try await world.repository()
        let writer = try await repository.beginSnapshot(RepositoryWorld.ref(2), previous: nil)
        // ... then the only snapshot using the pack is deleted and a collection marks the pack.
        _ = try await world.repository().delete([RepositoryWorld.ref(1)])
        _ = try await Self.collect(world, at: Self.t0)
        // The push finds every chunk in the pack it saw live, uploads no data, and commits.
        let local = try world.files.write(shared, to: "again.bin")
        let digest = world.hasher.digest(of: shared)
        let entry = try await writer.store(try VirtualPath("data/shared.bin"), from: LocalSource(path: local, expected: ManifestEntry(hash: digest.sha256, size: digest.size), isStable: true, status: FileStatus(kind: .regular, size: digest.size, mtimeNs: 0, ctimeNs: 0, inode: 1)))
        _ = try await writer.commit(Manifest(snapshot: RepositoryWorld.ref(2).id, files: [try VirtualPath("data/shared.bin"): entry]), metadata: [:])
        #expect(world.store.calls.dropFirst(callsBefore).filter { $0.operation == .put && $0.keys[0].contains("/data/") }.isEmpty)
        // A collection after the grace period brings the pack back instead of deleting it.
        let later = try await Self.collect(world, at: Self.t0 + 2 * Self.grace)
        #expect(later.leftovers.isEmpty, "\(later)")
        try await world.everyListedSnapshotReads()
        #expect(try await Self.collect(world, at: Self.t0 + 4 * Self.grace).leftovers.isEmpty)
        try await world.everyListedSnapshotReads()
    }

    @Test func aPushSlowerThanTheGracePeriodRechecksAndRefusesToPublishWhatIsGone() async throws {
        let clock = FakeClock(now: Date(timeIntervalSince1970: Self.t0))
        let world = try PackedRepositoryTests.world(clock: clock)
        let shared = ChunkerTests.xorshift(100_000)
        try await world.write(["data/shared.bin": shared], as: RepositoryWorld.ref(1))
        let writer = try await world.repository().beginSnapshot(RepositoryWorld.ref(2), previous: nil)
        let local = try world.files.write(shared, to: "again.bin")
        let digest = world.hasher.digest(of: shared)
        let entry = try await writer.store(try VirtualPath("data/shared.bin"), from: LocalSource(path: local, expected: ManifestEntry(hash: digest.sha256, size: digest.size), isStable: true, status: FileStatus(kind: .regular, size: digest.size, mtimeNs: 0, ctimeNs: 0, inode: 1)))
        _ = try await world.repository().delete([RepositoryWorld.ref(1)])
        _ = try await Self.collect(world, at: Self.t0)
        clock.advance(by: Self.grace)
        do {
            _ = try await writer.commit(Manifest(snapshot: RepositoryWorld.ref(2).id, files: [try VirtualPath("data/shared.bin"): entry]), metadata: [:])
            Issue.record("a push that outlived the grace period published a snapshot naming a pending pack")
        } catch let error as RepositoryError {
            #expect(error.kind == .failed)
        }
        #expect(try await world.repository().catalog().regular.isEmpty)
    }

    @Test func mostlyUnusedPacksAreRepackedAndTheirUsedBlobsKept() async throws {
        let world = try RepositoryWorld(factory: { store in
            PackedTesting.opener(store: store, passphrase: "pass", packSize: 8 << 20)
        }, hasher: OpenSSLHasher())
        _ = try await Self.twoSnapshots(world)
        #expect(Self.packs(world).count == 2)
        let firstPack = try #require(Self.packs(world).min { (world.store.data(for: $0)?.count ?? 0) > (world.store.data(for: $1)?.count ?? 0) })
        _ = try await world.repository().delete([RepositoryWorld.ref(1)])
        let outcome = try await GarbageCollector(context: (try await world.repository() as! PackedRepository).context, now: Self.t0, graceSeconds: Self.grace).run()
        #expect(outcome.plan.repack.contains { $0.pack.id == BlobID(hex: String(firstPack.split(separator: "/").last!)) })
        // The second snapshot's small pack stays: alone it fills no pack, so merging it would only
        // upload it again.
        #expect(outcome.plan.unused.isEmpty && outcome.plan.keep.count == 1)
        try await world.everyListedSnapshotReads()
        _ = try await Self.collect(world, at: Self.t0 + 2 * Self.grace)
        #expect(!Self.packs(world).contains(firstPack))
        try await world.everyListedSnapshotReads()
    }

    @Test func packsOfAnInterruptedPushAreCollectedAfterTheGracePeriod() async throws {
        let world = try PackedRepositoryTests.world()
        try await world.write(["data/a.txt": Array("a\n".utf8)], as: RepositoryWorld.ref(1))
        // Kill the push after its pack is uploaded: its index never comes.
        world.store.failCall(number: 2, of: .put, with: .injected(.permanent, httpStatus: 500, message: "killed"))
        await #expect(throws: (any Error).self) { try await world.write(["data/b.bin": ChunkerTests.xorshift(50_000)], as: RepositoryWorld.ref(2)) }
        world.store.clearFaults()
        let orphan = Self.packs(world).count
        #expect(orphan == 2)
        _ = try await Self.collect(world, at: Self.t0)
        #expect(Self.packs(world).count == 2)
        let late = try await Self.collect(world, at: Self.t0 + 2 * Self.grace)
        #expect(late.leftovers.count == 1 && Self.packs(world).count == 1)
        try await world.everyListedSnapshotReads()
    }

    /// Stops a collection (repacking, marking and deleting) after each of its store calls in
    /// turn; whatever was done, every listed snapshot reads, and collections later finish the job.
    @Test(arguments: [StoreOperation.put, .delete, .getRange])
    func aCollectionStoppedAtAnyCallLeavesEverySnapshotReadable(_ operation: StoreOperation) async throws {
        for step in 1...40 {
            let world = try RepositoryWorld(factory: { store in
                PackedTesting.opener(store: store, passphrase: "pass", packSize: 8 << 20)
            }, hasher: OpenSSLHasher())
            _ = try await Self.twoSnapshots(world)
            _ = try await world.repository().delete([RepositoryWorld.ref(1)])
            _ = try await Self.collect(world, at: Self.t0)
            world.store.failCall(number: step, of: operation, with: .injected(.permanent, httpStatus: 500, message: "killed here"))
            let stopped = (try? await Self.collect(world, at: Self.t0 + 2 * Self.grace)) == nil
            world.store.clearFaults()
            try await world.everyListedSnapshotReads()
            for round in 3...6 { _ = try await Self.collect(world, at: Self.t0 + Double(round) * 2 * Self.grace) }
            try await world.everyListedSnapshotReads()
            #expect(PackedRepositoryTests.packBytes(world.store) < 100_000, "step \(step): garbage stays after the job was finished")
            if !stopped { return }
        }
        Issue.record("a collection made more than 40 \(operation) calls")
    }
}
