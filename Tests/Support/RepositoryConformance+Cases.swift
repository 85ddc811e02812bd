import AgentBackupDomain
import AgentBackupPorts
import Foundation

extension RepositoryConformance {
    static let sample: [String: [UInt8]] = [
        "data/a.txt": Array("alpha\n".utf8),
        "data/empty.txt": [],
        "config/settings.json": Array(#"{"k": 1}"#.utf8),
        "data/big.bin": (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) },
    ]

    static func visibleOnlyAfterCommit(_ world: RepositoryWorld) async throws {
        let ref = RepositoryWorld.ref(1)
        let manifest = try await world.write(sample, as: ref, commit: false)
        try require(try await world.repository().catalog().regular.isEmpty, "an uncommitted snapshot is listed")
        let repository = try await world.repository()
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        for (path, entry) in manifest.files {
            let local = try world.files.write(sample[path.string]!, to: "again/\(UUID().uuidString)")
            _ = try await writer.store(path, from: LocalSource(path: local, expected: entry, isStable: true,
                status: FileStatus(kind: .regular, size: entry.size, mtimeNs: 0, ctimeNs: 0, inode: 1)))
        }
        _ = try await writer.commit(manifest, metadata: [:])
        try require(try await repository.catalog().regular == [ref], "the committed snapshot is not listed")
        try require(try await repository.manifest(of: ref) == manifest, "the manifest does not read back as committed")
    }

    static func readBack(_ world: RepositoryWorld) async throws {
        let ref = RepositoryWorld.ref(1)
        try await world.write(sample, as: ref)
        for (path, result) in try await world.readAll(ref) {
            try require((try? result.get()) == sample[path.string], "\(path) does not read back byte-exact: \(result)")
        }
    }

    static func reuseCarriesUnchangedContent(_ world: RepositoryWorld) async throws {
        let first = RepositoryWorld.ref(1), second = RepositoryWorld.ref(2)
        let manifest = try await world.write(sample, as: first)
        let previous = PreviousSnapshot(ref: first, manifest: manifest)
        let changed: [String: [UInt8]] = ["data/a.txt": Array("alpha, changed\n".utf8)]
        let unchanged = manifest.files.filter { $0.key.string != "data/a.txt" }
        try await world.write(changed, as: second, previous: previous, reused: unchanged)
        for (path, result) in try await world.readAll(second) {
            try require((try? result.get()) == (changed[path.string] ?? sample[path.string]), "\(path) in the second snapshot is wrong")
        }
        let repository = try await world.repository()
        let writer = try await repository.beginSnapshot(RepositoryWorld.ref(3), previous: previous)
        let other = ManifestEntry(hash: String(repeating: "0", count: 64), size: 6)
        try require(!(try await writer.reuse(try VirtualPath("data/a.txt"), entry: other)), "reuse of a different hash was accepted")
    }

    static func holdsChecksTheManifest(_ world: RepositoryWorld) async throws {
        let repository = try await world.repository()
        let ref = RepositoryWorld.ref(1)
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        let bytes = try await writer.commit(Manifest(snapshot: ref.id, files: [:]), metadata: [:])
        try require(try await repository.holds(ref, manifestBytes: bytes), "holds is false for the committed manifest")
        try require(!(try await repository.holds(ref, manifestBytes: bytes + Array("  ".utf8))), "holds is true for another manifest")
        try require(!(try await repository.holds(RepositoryWorld.ref(2), manifestBytes: bytes)), "holds is true for a missing snapshot")
    }

    static func safetySnapshotsApart(_ world: RepositoryWorld) async throws {
        let safety = try SnapshotRef.safety(folder: "safety-2026-01-02T00-00-00Z", id: SnapshotID(parsing: "2026-01-02T00-00-00-000Z"))
        try await world.write(sample, as: RepositoryWorld.ref(1))
        try await world.write(["data/a.txt": Array("local\n".utf8)], as: safety)
        let catalog = try await world.repository().catalog()
        try require(catalog.regular == [RepositoryWorld.ref(1)] && catalog.safety == [safety], "safety and regular are mixed: \(catalog)")
        let local = try await world.readAll(safety)[try VirtualPath("data/a.txt")]
        try require((try? local?.get()) == Array("local\n".utf8), "the safety snapshot does not read back")
    }

    static func damageIsAnIntegrityError(_ world: RepositoryWorld) async throws {
        let ref = RepositoryWorld.ref(1)
        try await world.write(sample, as: ref)
        let repository = try await world.repository()
        let manifest = try await repository.manifest(of: ref)
        let reader = try await repository.reader(for: ref, manifest: manifest)
        for key in world.store.keys { world.store.corruptReads(of: key, atByte: 100) }
        let destination = try world.files.write([], to: "damaged")
        let outcome = Locked<Result<ContentDigest, any Error>?>(nil)
        let big = try VirtualPath("data/big.bin")
        let file = FileToRead(path: big, entry: manifest.files[big]!, destination: destination)
        try await reader.read([file], concurrency: 1) { _, result in outcome.withLock { $0 = result } }
        guard case .failure(let error)? = outcome.withLock({ $0 }) else {
            throw RepositoryViolation(message: "damaged data was reported as read")
        }
        try require((error as? RepositoryError)?.kind == .integrity, "damage is not an integrity error: \(error)")
    }

    static func garbageIsCollected(_ world: RepositoryWorld, hasher: any ContentHasher, factory: @escaping Factory) async throws {
        let leftover: [String: [UInt8]] = ["data/left.txt": Array("never committed\n".utf8)]
        // How many puts the write makes, so it can be stopped at its last (the snapshot's own object).
        let probe = try RepositoryWorld(factory: factory, hasher: hasher)
        _ = try await probe.repository()
        let before = probe.store.callCount(.put)
        try await probe.write(leftover, as: RepositoryWorld.ref(1))
        let puts = probe.store.callCount(.put) - before
        _ = try await world.repository()
        world.store.failCall(number: puts, of: .put, with: .injected(.permanent, httpStatus: 500, message: "killed here"))
        try require((try? await world.write(leftover, as: RepositoryWorld.ref(1))) == nil, "the stopped write succeeded")
        world.store.clearFaults()
        try await world.write(sample, as: RepositoryWorld.ref(2))
        let keysBefore = world.store.keys.count
        let soon = try await world.repository().collectGarbage(now: 4_000_000_000, graceSeconds: 0)
        let later = try await world.repository().collectGarbage(now: 4_000_000_000 + 30 * 86_400, graceSeconds: 0)
        try require(!(soon.leftovers + later.leftovers).isEmpty && world.store.keys.count < keysBefore, "nothing was collected")
        try require(try await world.repository().catalog().regular == [RepositoryWorld.ref(2)], "the complete snapshot is gone")
        try await world.everyListedSnapshotReads()
        let again = try await world.repository().collectGarbage(now: 4_000_000_000 + 30 * 86_400, graceSeconds: 0)
        try require(again.leftovers.isEmpty && again.objects == 0, "a second collection reports deletions again: \(again)")
    }
}
