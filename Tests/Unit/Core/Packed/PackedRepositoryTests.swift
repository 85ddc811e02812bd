@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Dedup, caching, modes and metadata of the packed layout, on the in-memory store.
@Suite struct PackedRepositoryTests {
    static func world(passphrase: String? = "pass", cache: String? = nil, chunker: ChunkerParameters? = PackedTesting.smallChunker(), clock: any WallClock = SystemClock()) throws -> RepositoryWorld {
        try RepositoryWorld(factory: { store in
            PackedTesting.opener(store: store, passphrase: passphrase, cache: cache, clock: clock, chunker: chunker)
        }, hasher: OpenSSLHasher())
    }

    /// Bytes of pack objects in the store.
    static func packBytes(_ store: InMemoryObjectStore) -> Int {
        store.keys.filter { $0.contains("/data/") }.reduce(0) { $0 + (store.data(for: $1)?.count ?? 0) }
    }

    @Test func appendingOneKiBToA50MiBFileUploadsAboutOneChunk() async throws {
        let world = try Self.world(chunker: .standard(key: PackedTesting.chunkerKey))
        var transcript = ChunkerTests.xorshift(50 << 20)
        let first = try await world.write(["data/session.jsonl": transcript], as: RepositoryWorld.ref(1))
        let before = Self.packBytes(world.store)
        transcript += Array(repeating: UInt8(ascii: "x"), count: 1024)
        try await world.write(["data/session.jsonl": transcript], as: RepositoryWorld.ref(2), previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first))
        let uploaded = Self.packBytes(world.store) - before
        print("packed dedup: appending 1 KiB to a 50 MiB file uploaded \(uploaded) bytes of packs")
        #expect(uploaded > 1024 && uploaded <= (4 << 20) + 4096, "uploaded \(uploaded) bytes")
        #expect((try? await world.readAll(RepositoryWorld.ref(2))[try VirtualPath("data/session.jsonl")]?.get()) == transcript)
    }

    @Test func changingOnePageOfADatabaseUploadsOneSmallChunk() async throws {
        let world = try Self.world(chunker: .standard(key: PackedTesting.chunkerKey))
        var database = ChunkReader.sqliteMagic + ChunkerTests.xorshift((8 << 20) - 16)
        try await world.write(["data/state.db": database], as: RepositoryWorld.ref(1))
        let before = Self.packBytes(world.store)
        for offset in [5 << 20, (5 << 20) + 4096] { database[offset] ^= 0xFF }  // two pages of one 64 KiB chunk
        try await world.write(["data/state.db": database], as: RepositoryWorld.ref(2))
        let uploaded = Self.packBytes(world.store) - before
        print("packed dedup: changing two 4 KiB pages of an 8 MiB database uploaded \(uploaded) bytes of packs")
        #expect(uploaded > 64 << 10 && uploaded < (64 << 10) + 4096, "uploaded \(uploaded) bytes")
        #expect((try? await world.readAll(RepositoryWorld.ref(2))[try VirtualPath("data/state.db")]?.get()) == database)
    }

    @Test func modeAndModificationTimeComeBack() async throws {
        let world = try Self.world()
        let repository = try await world.repository()
        let ref = RepositoryWorld.ref(1)
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        let path = try VirtualPath("data/script.sh")
        let local = try world.files.write(Array("#!/bin/sh\n".utf8), to: "script.sh")
        let entry = try await writer.store(path, from: LocalSource(path: local, expected: ManifestEntry(hash: String(repeating: "0", count: 64), size: 10), isStable: true, status: FileStatus(kind: .regular, size: 10, mtimeNs: 0, ctimeNs: 0, inode: 1)))
        let metadata = FileMetadata(mode: 0o750, mtimeNs: 1_770_631_445_123_456_789)
        _ = try await writer.commit(Manifest(snapshot: ref.id, files: [path: entry]), metadata: [path: metadata])
        let reopened = try await world.repository()
        let reader = try await reopened.reader(for: ref, manifest: try await reopened.manifest(of: ref))
        #expect(reader.metadata(of: path) == metadata)
    }

    @Test func aFileWhoseHashIsAStoredBlobIsNotReadAgain() async throws {
        let world = try Self.world()
        let bytes = Array("stored once\n".utf8)
        let first = try await world.write(["data/a.txt": bytes], as: RepositoryWorld.ref(1))
        let repository = try await world.repository()
        let writer = try await repository.beginSnapshot(RepositoryWorld.ref(2), previous: nil)
        let entry = first.files[try VirtualPath("data/a.txt")]!
        // The path does not exist: reading it would fail.
        let stored = try await writer.store(try VirtualPath("data/copy.txt"), from: LocalSource(path: world.files.path("missing"), expected: entry, isStable: true, status: FileStatus(kind: .regular, size: entry.size, mtimeNs: 0, ctimeNs: 0, inode: 1)))
        #expect(stored == entry)
    }

    @Test func aPushWithAWarmCacheReadsNoIndexObjectAndAColdOneRebuildsIt() async throws {
        let cache = try TemporaryDirectory()
        let world = try Self.world(cache: cache.path)
        let first = try await world.write(["data/a.txt": Array("a".utf8), "data/b.txt": Array("b".utf8)], as: RepositoryWorld.ref(1))
        try await world.write(["data/c.txt": Array("c".utf8)], as: RepositoryWorld.ref(2))
        func indexGets() -> Int { world.store.calls.filter { $0.operation == .getBytes && $0.keys[0].contains("/index/") }.count }
        world.store.resetCalls()
        _ = try await world.repository().beginSnapshot(RepositoryWorld.ref(3), previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first))
        #expect(indexGets() == 0)
        // A damaged cached copy is refetched; a missing cache folder is rebuilt.
        let folder = try #require(FileManager.default.enumerator(atPath: cache.path)?.allObjects.compactMap { $0 as? String }.first { $0.hasSuffix("/index") })
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.path(folder))
        #expect(names.count == 2)
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: cache.path(folder + "/" + names[0])))
        world.store.resetCalls()
        _ = try await world.repository().beginSnapshot(RepositoryWorld.ref(3), previous: nil)
        #expect(indexGets() == 1)
        try FileManager.default.removeItem(atPath: cache.path(folder))
        world.store.resetCalls()
        _ = try await world.repository().beginSnapshot(RepositoryWorld.ref(3), previous: nil)
        #expect(indexGets() == 2)
        try await world.everyListedSnapshotReads()
    }

    @Test func holdsIsTheRunsOneListingWithTheCopyOfTheLastSnapshotAndTheNextPushReadsNoDocument() async throws {
        let cache = try TemporaryDirectory()
        let world = try Self.world(cache: cache.path)
        let first = try await world.write(["data/a.txt": Array("a".utf8), "data/b.txt": ChunkerTests.xorshift(100_000)], as: RepositoryWorld.ref(1))
        func snapshotCalls() -> [StoreCall] { world.store.calls.filter { $0.keys.contains { $0.contains("/snapshots/") } } }
        world.store.resetCalls()
        let repository = try await world.repository()
        #expect(try await repository.holds(RepositoryWorld.ref(1), manifestBytes: first.encoded()))
        _ = try await repository.beginSnapshot(RepositoryWorld.ref(2), previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first))
        // The passphrase check and the retention step of the same push read the same listing.
        #expect(try await repository.catalog().regular == [RepositoryWorld.ref(1)])
        #expect(try await repository.manifest(of: RepositoryWorld.ref(1)).encoded() == first.encoded())
        #expect(snapshotCalls().map(\.operation) == [.list], "\(snapshotCalls())")
        // Another manifest is not held; neither is a snapshot replaced by one of another length.
        var other = first
        other.timestamp = "2020-01-01T00:00:00.000Z"
        #expect(try await world.repository().holds(RepositoryWorld.ref(1), manifestBytes: other.encoded()) == false)
        let key = try #require(world.store.keys.first { $0.contains("/snapshots/") })
        try await world.store.put(key: key, body: .bytes(Array(world.store.data(for: key)!.dropLast())), contentType: "application/octet-stream")
        await #expect(throws: (any Error).self) { try await world.repository().holds(RepositoryWorld.ref(1), manifestBytes: first.encoded()) }
        try await world.store.delete(keys: [key])
        world.store.resetCalls()
        #expect(try await world.repository().holds(RepositoryWorld.ref(1), manifestBytes: first.encoded()) == false)
        #expect(snapshotCalls().map(\.operation) == [.list], "a snapshot the listing lacks is not held, without a GET")
    }

    @Test func theRunsModeMustMatchTheRepository() async throws {
        let store = InMemoryObjectStore()
        let clock = SystemClock()
        let encrypted = PackedTesting.settings(passphrase: "right", prefix: "enc")
        _ = try await PackedRepository.create(store: store, settings: encrypted, clock: clock, chunker: PackedTesting.smallChunker())
        _ = try await PackedRepository.create(store: store, settings: PackedTesting.settings(passphrase: nil, prefix: "plain"), clock: clock, chunker: PackedTesting.smallChunker())
        func kind(_ settings: PackedRepositorySettings) async -> RepositoryError.Kind? {
            do {
                _ = try await PackedRepository.open(store: store, settings: settings, clock: clock)
                return nil
            } catch let error as RepositoryError {
                return error.kind
            } catch {
                return .failed
            }
        }
        #expect(await kind(PackedTesting.settings(passphrase: "wrong", prefix: "enc")) == .configuration)
        #expect(await kind(PackedTesting.settings(passphrase: nil, prefix: "enc")) == .configuration)
        #expect(await kind(PackedTesting.settings(passphrase: "right", prefix: "plain")) == .configuration)
        #expect(await kind(PackedTesting.settings(passphrase: "right", prefix: "nothing")) == .configuration)
        #expect(await kind(encrypted) == nil)
        // A reference-layout backup under a prefix is never turned into a packed one.
        store.setData(Array("{}".utf8), for: "ref/2026-01-01T00-00-00-000Z/manifest.json")
        let opener = PackedRepositoryOpener(store: store, settings: PackedTesting.settings(passphrase: "x", prefix: "ref"), clock: clock)
        await #expect(throws: RepositoryError.self) { _ = try await opener.open(scratch: "/tmp", forWriting: true) }
        #expect(!store.keys.contains("ref/config"))
        // A create killed after its key object and before its config left garbage, not a backup.
        let leftover = "half/keys/" + String(repeating: "ab", count: 32)
        store.setData([1, 2, 3], for: leftover)
        let again = PackedRepositoryOpener(store: store, settings: PackedTesting.settings(passphrase: "x", prefix: "half"), clock: clock)
        _ = try await again.open(scratch: "/tmp", forWriting: true)
        #expect(store.keys.contains("half/config"))
        #expect(await kind(PackedTesting.settings(passphrase: "x", prefix: "half")) == nil, "the stale key is skipped")
    }

    @Test func anyOfSeveralKeysOpensTheRepository() async throws {
        let store = InMemoryObjectStore()
        let clock = SystemClock()
        let repository = try await PackedRepository.create(store: store, settings: PackedTesting.settings(passphrase: "first", prefix: "p"), clock: clock, chunker: PackedTesting.smallChunker())
        let masterKey = try #require(try repository.context.cipher.masterKey).withUnsafeBytes { Array($0) }
        let second = try KeyFile(created: "2026-01-01T00:00:00.000Z", host: "other", masterKey: masterKey).sealed(with: EncryptingCodec(passphrase: "second"))
        store.setData(second, for: PackedKeys(prefix: "p").key(BlobID.hashing(second)))
        let cache = try TemporaryDirectory()
        for passphrase in ["first", "second"] {
            let settings = PackedRepositorySettings(prefix: "p", passphrase: passphrase, cacheFolder: cache.path, transfers: 2, host: "h")
            _ = try await PackedRepository.open(store: store, settings: settings, clock: clock)
        }
        // The key that worked last is tried first: one key read, one scrypt.
        store.resetCalls()
        _ = try await PackedRepository.open(store: store, settings: PackedRepositorySettings(prefix: "p", passphrase: "second", cacheFolder: cache.path, transfers: 2, host: "h"), clock: clock)
        #expect(store.calls.filter { $0.operation == .getBytes && $0.keys[0].contains("/keys/") }.count == 1)
    }
}
