@testable import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The packer spreads blobs over two open packs at random (review note 2: pack sizes must not
/// show how a known file was cut, or they leak the chunker's key).
@Suite struct PackerTests {
    static func blob(_ n: Int) -> (BlobID, [UInt8]) {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) } + withUnsafeBytes(of: n) { Array($0) }
        return (BlobID.hashing(bytes), bytes)
    }

    static func pack(_ count: Int, packSize: Int, random: any RandomNumberGenerator & Sendable) async throws -> (InMemoryObjectStore, [IndexedPack]) {
        let store = InMemoryObjectStore()
        let packer = Packer(store: store, keys: PackedKeys(prefix: "p"), cipher: .plain, packSize: packSize, transfers: 2, random: random)
        for n in 0..<count {
            let (id, bytes) = blob(n)
            #expect(await packer.claim(id))
            try await packer.add(id: id, stored: bytes, rawLength: bytes.count, compressed: false)
        }
        return (store, try await packer.finish())
    }

    /// Every entry of every pack points at its blob's bytes in the object stored under the pack's hash.
    static func expectConsistent(_ store: InMemoryObjectStore, _ packs: [IndexedPack]) throws {
        for pack in packs {
            let object = try #require(store.data(for: PackedKeys(prefix: "p").pack(pack.id)))
            #expect(object.count == Int(pack.length) && BlobID.hashing(object) == pack.id)
            var offset: UInt32 = 0
            for entry in pack.blobs {
                #expect(entry.offset == offset, "offsets are the running sum")
                let stored = Array(object[Int(entry.offset)..<Int(entry.offset + entry.storedLength)])
                #expect(BlobID.hashing(stored) == entry.id)
                offset += entry.storedLength
            }
        }
    }

    @Test func blobsOfOneStreamLandInTwoPacksAtRandom() async throws {
        // ~1 KiB blobs, 70 kB packs: 100 blobs (~101 kB) do not fit in one, so both open packs go up.
        let (store, packs) = try await Self.pack(100, packSize: 70_000, random: SplitMix64(seed: 1))
        #expect(packs.count == 2, "two open packs, both used: \(packs.map(\.blobs.count))")
        let sizes = packs.map(\.blobs.count).sorted()
        #expect(sizes[0] > 20, "a fair split, not one pack with nearly everything: \(sizes)")
        let all = packs.flatMap { $0.blobs.map(\.id) }
        #expect(all.count == 100 && Set(all) == Set((0..<100).map { Self.blob($0).0 }), "every blob exactly once")
        try Self.expectConsistent(store, packs)
    }

    /// An uploaded pack's array is emptied and filled again by a later pack; the store (here one
    /// that keeps the very array it was given) must still hold each pack's own bytes.
    @Test func reusedPackBuffersNeverChangeAPackAlreadyStored() async throws {
        let (store, packs) = try await Self.pack(400, packSize: 20_000, random: SplitMix64(seed: 5))
        #expect(packs.count >= 15, "enough packs that buffers are reused: \(packs.count)")
        #expect(Set(packs.flatMap { $0.blobs.map(\.id) }).count == 400)
        try Self.expectConsistent(store, packs)
    }

    @Test func theLastTwoPacksAreMergedWhenTheyFitInOne() async throws {
        let (store, packs) = try await Self.pack(10, packSize: 1 << 20, random: SplitMix64(seed: 3))
        #expect(packs.count == 1 && packs[0].blobs.count == 10, "one PUT for a small push: \(packs.map(\.blobs.count))")
        try Self.expectConsistent(store, packs)
    }

    @Test func theSplitDependsOnTheGeneratorNotOnTheContent() async throws {
        func split(_ seed: UInt64) async throws -> [Set<BlobID>] {
            try await Self.pack(60, packSize: 40_000, random: SplitMix64(seed: seed)).1.map { Set($0.blobs.map(\.id)) }
                .sorted { $0.count < $1.count }
        }
        #expect(try await split(5) == (try await split(5)), "the same generator, the same split")
        #expect(try await split(5) != (try await split(6)), "the same blobs, another generator: another split")
    }

    @Test func fullPacksAreUploadedAsTheyFillAndTheLastTwoAtTheEnd() async throws {
        // ~1 KiB blobs, 8 KiB packs: 200 blobs fill about 24 packs, none much larger than a pack.
        let (store, packs) = try await Self.pack(200, packSize: 8 << 10, random: SystemRandomNumberGenerator())
        try Self.expectConsistent(store, packs)
        #expect(packs.reduce(0) { $0 + $1.blobs.count } == 200)
        #expect(packs.count >= 23 && packs.count <= 27, "\(packs.count) packs")
        #expect(packs.allSatisfy { $0.blobs.count <= 9 }, "a pack is closed once it reaches the pack size")
    }
}
