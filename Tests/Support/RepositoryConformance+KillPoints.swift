import AgentBackupDomain
import AgentBackupPorts

extension RepositoryConformance {
    /// Stops a deletion after each of its store deletes in turn (the next delete fails, as a
    /// kill -9 between requests would leave it) and checks what is listed still reads.
    static func deleteStoppedAtEveryStep(hasher: any ContentHasher, factory: @escaping Factory) async throws {
        let safety = try SnapshotRef.safety(folder: "safety-2026-01-03T00-00-00Z", id: SnapshotID(parsing: "2026-01-03T00-00-00-000Z"))
        for step in 1...50 {
            let world = try RepositoryWorld(factory: factory, hasher: hasher)
            let first = try await world.write(sample, as: RepositoryWorld.ref(1))
            try await world.write(["data/a.txt": Array("changed\n".utf8)], as: RepositoryWorld.ref(2),
                                  previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first),
                                  reused: first.files.filter { $0.key.string != "data/a.txt" })
            try await world.write(["data/a.txt": Array("local\n".utf8)], as: safety)
            world.store.failCall(number: step, of: .delete, with: .injected(.permanent, httpStatus: 500, message: "killed here"))
            let repository = try await world.repository()
            let stopped: Bool
            do {
                _ = try await repository.delete([RepositoryWorld.ref(1), safety])
                _ = try await repository.collectGarbage(now: 4_000_000_000, graceSeconds: 0)
                stopped = false
            } catch {
                stopped = true
            }
            world.store.clearFaults()
            try await world.everyListedSnapshotReads()
            // Finishing the job later leaves exactly the snapshot that was kept.
            _ = try await repository.delete([RepositoryWorld.ref(1), safety])
            _ = try await repository.collectGarbage(now: 4_000_000_000, graceSeconds: 0)
            let catalog = try await repository.catalog()
            try require(catalog.regular == [RepositoryWorld.ref(2)] && catalog.safety.isEmpty, "after finishing: \(catalog)")
            try await world.everyListedSnapshotReads()
            if !stopped { return }
        }
        throw RepositoryViolation(message: "a deletion took more than 50 store deletes")
    }

    /// Stops a write after each of its puts in turn and checks that no snapshot it did not
    /// commit is listed, and that what is listed reads.
    static func writeStoppedAtEveryStep(hasher: any ContentHasher, factory: @escaping Factory) async throws {
        for step in 1...50 {
            let world = try RepositoryWorld(factory: factory, hasher: hasher)
            let first = try await world.write(sample, as: RepositoryWorld.ref(1))
            world.store.failCall(number: step, of: .put, with: .injected(.permanent, httpStatus: 500, message: "killed here"))
            let finished: Bool
            do {
                try await world.write(["data/new.txt": Array("new\n".utf8), "data/a.txt": Array("changed\n".utf8)], as: RepositoryWorld.ref(2),
                                      previous: PreviousSnapshot(ref: RepositoryWorld.ref(1), manifest: first),
                                      reused: first.files.filter { $0.key.string != "data/a.txt" })
                finished = true
            } catch {
                finished = false
            }
            world.store.clearFaults()
            let catalog = try await world.repository().catalog()
            let expected = finished ? [RepositoryWorld.ref(1), RepositoryWorld.ref(2)] : [RepositoryWorld.ref(1)]
            try require(catalog.regular == expected, "after a write stopped at put \(step): \(catalog.regular)")
            try await world.everyListedSnapshotReads()
            if finished { return }
        }
        throw RepositoryViolation(message: "a write took more than 50 puts")
    }
}
