import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

/// What `migrate` must do whatever the destination's layout, written once against the
/// repository seam. A layout's suite calls each check with its own opener factory:
///
/// ```swift
/// let checks = MigrationChecks(destinations: { store, prefix, passphrase in MyLayoutOpener(store: store, …) })
/// @Test func wholeHistory() async throws { try await checks.wholeHistoryMovesAndComesBack() }
/// ```
///
/// The source is the reference layout (`EngineHarness`, prefix `test-backup`), as it is for a
/// user of the reference engine moving on.
struct MigrationChecks: Sendable {
    let destinations: MigrationDestinationFactory
    static let newPassphrase = "a new passphrase for the moved history"

    /// Four regular snapshots and a safety snapshot move under a new passphrase with their ids,
    /// timestamps and bytes; the old passphrase no longer opens them; the source is untouched;
    /// unchanged files are reused, not sent again; migrating back gives the same history.
    func wholeHistoryMovesAndComesBack() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        let first = try h.manifest(h.snapshotIDs()[0])
        let twins = [try VirtualPath("data/caf\u{E9}.md"), try VirtualPath("data/cafe\u{301}.md")]
        #expect(twins.allSatisfy { first.files.keys.contains($0) }, "names that differ only in normalization are two files")
        let sourceObjects = h.objects(under: "test-backup")
        let source = MigrationLayouts.source(h.store, encrypted: true)
        let moved = destinations(h.store, "moved", Self.newPassphrase)

        let summary = try await h.migrate(to: moved)
        #expect(summary.snapshots.count == 5)
        #expect(summary.snapshots.map(\.outcome) == Array(repeating: .copied, count: 5))
        #expect(summary.snapshots.filter { $0.snapshot.hasPrefix("safety-") }.count == 1)
        #expect(summary.snapshots.reduce(0) { $0 + $1.reused } > 5, "unchanged files are carried from the previous snapshot")
        #expect(summary.verifiedFiles == summary.snapshots.reduce(0) { $0 + $1.files })
        let contents = try RepositoryContents()
        try await contents.expectSameHistory(moved, as: source)
        #expect(h.objects(under: "test-backup") == sourceObjects, "the source is only read")
        await #expect(throws: (any Error).self, "the old passphrase does not open the moved history") {
            let repository = try await destinations(h.store, "moved", testPassphrase).open(scratch: contents.scratch.path, forWriting: false)
            _ = try await repository.manifest(of: .regular(try SnapshotID(parsing: h.snapshotIDs()[0])))
        }

        let back = MigrationLayouts.reference(h.store, "back", testPassphrase)
        let returned = try await h.engine(source: moved).migrate(to: back)
        #expect(returned.copied == 5)
        try await contents.expectSameHistory(back, as: source)
    }

    /// An unencrypted history becomes encrypted, and back.
    func plainAndEncryptedBothWays() async throws {
        let h = try EngineHarness(encrypted: false)
        try await h.buildHistory()
        let source = MigrationLayouts.source(h.store, encrypted: false)
        let sealed = destinations(h.store, "sealed", Self.newPassphrase)
        #expect(try await h.migrate(to: sealed).copied == 5)
        let contents = try RepositoryContents()
        try await contents.expectSameHistory(sealed, as: source)
        for (_, object) in h.objects(under: "sealed") where !object.isEmpty {
            #expect(!object.starts(with: Array(#"{"v":"#.utf8)), "no plaintext in the sealed history")
        }
        let opened = destinations(h.store, "opened", nil)
        #expect(try await h.engine(source: sealed).migrate(to: opened).copied == 5)
        try await contents.expectSameHistory(opened, as: source)
    }

    /// A migrate stopped at ten points spread over its store requests (no request from that
    /// point on reaches the store, as after kill -9) completes when run again, and every snapshot reads back whole.
    func resumesAfterStoppingAtTenPoints() async throws {
        let original = try EngineHarness()
        try await original.buildHistory()
        // The number of store requests of a whole migrate.
        let counting = try EngineHarness(store: original.storeCopy())
        counting.store.resetCalls()
        _ = try await counting.migrate(to: destinations(counting.store, "moved", Self.newPassphrase))
        let total = counting.store.totalCallCount
        #expect(total > 40)
        var resumedWithSnapshotsThere = 0
        for point in (0..<10).map({ 1 + $0 * (total - 2) / 9 }) {
            let h = try EngineHarness(store: original.storeCopy())
            let moved = destinations(h.store, "moved", Self.newPassphrase)
            h.store.resetCalls()
            // Every request from `point` on fails: nothing after it reaches the store, as after kill -9.
            h.store.inject(StoreFault(passing: point - 1, times: .max, error: .injected(.permanent, httpStatus: 500, message: "killed at request \(point)")))
            await #expect(throws: (any Error).self, "stopped at request \(point) of \(total)") {
                _ = try await h.migrate(to: moved)
            }
            h.store.clearFaults()
            let summary = try await h.migrate(to: moved)
            #expect(summary.snapshots.count == 5, "resumed after request \(point)")
            if summary.alreadyThere > 0 { resumedWithSnapshotsThere += 1 }
            try await RepositoryContents().expectSameHistory(moved, as: MigrationLayouts.source(h.store, encrypted: true))
        }
        #expect(resumedWithSnapshotsThere >= 5, "later stops find the snapshots written before them")
    }

    /// A destination holding another history is refused before anything is written, naming the
    /// first snapshot that is not this history's: one the source does not have, or the same id
    /// with other files.
    func refusesAnotherHistory() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        let ids = h.snapshotIDs()
        let other = destinations(h.store, "taken", Self.newPassphrase)
        let foreign = SnapshotRef.regular(try SnapshotID(parsing: "2020-01-01T00-00-00-000Z"))
        try await writeSnapshot(foreign, files: ["data/x.txt": "another machine"], into: other, h: h)
        let before = h.store.keys
        await expectRefusal(h, into: other, naming: foreign.description)
        #expect(h.store.keys == before, "nothing written")

        let twin = destinations(h.store, "twin", Self.newPassphrase)
        let second = SnapshotRef.regular(try SnapshotID(parsing: ids[1]))
        try await writeSnapshot(second, files: ["data/x.txt": "same id, other files"], into: twin, h: h)
        await expectRefusal(h, into: twin, naming: second.description)
    }

    /// A source file that does not read stops the run naming it (integrity); the snapshots before
    /// it are in the destination, and a later run continues once it reads.
    func damagedSourceFileStopsNamingIt() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        let ids = h.snapshotIDs()
        let key = "test-backup/\(ids[1])/data/big.bin"
        h.store.corruptReads(of: key)
        let moved = destinations(h.store, "moved", Self.newPassphrase)
        do {
            _ = try await h.migrate(to: moved)
            Issue.record("a damaged source file must stop the migrate")
        } catch let error as EngineError {
            #expect(error.kind == .integrity)
            #expect(error.files.contains("data/big.bin"), "\(error)")
            #expect(error.message.contains(ids[1]), "\(error)")
        }
        let listed = try await moved.open(scratch: try RepositoryContents().scratch.path, forWriting: false).catalog()
        #expect(listed.regular.map(\.description) == [ids[0]])
        h.store.clearFaults()
        let summary = try await h.migrate(to: moved)
        #expect(summary.alreadyThere == 1 && summary.copied == 4)
    }

    // MARK: Helpers

    private func writeSnapshot(
        _ ref: SnapshotRef, files: [String: String], into opener: any SnapshotRepositoryOpener, h: EngineHarness
    ) async throws {
        let scratch = try TemporaryDirectory(prefix: "migration-write")
        let repository = try await opener.open(scratch: scratch.path, forWriting: true)
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        var entries: [VirtualPath: ManifestEntry] = [:]
        for (path, text) in files {
            let local = try scratch.write(Array(text.utf8), to: UUID().uuidString)
            let digest = OpenSSLHasher().digest(of: Array(text.utf8))
            let status = try #require(try PosixFileSystem().status(local))
            entries[try VirtualPath(path)] = try await writer.store(
                try VirtualPath(path), from: LocalSource(path: local, expected: ManifestEntry(hash: digest.sha256, size: digest.size), isStable: true, status: status))
        }
        _ = try await writer.commit(Manifest(snapshot: ref.id, files: entries), metadata: [:])
    }

    private func expectRefusal(_ h: EngineHarness, into destination: any SnapshotRepositoryOpener, naming snapshot: String) async {
        do {
            _ = try await h.migrate(to: destination)
            Issue.record("a destination holding another history must be refused")
        } catch let error as EngineError {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("snapshot \(snapshot)"), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

extension EngineHarness {
    /// An engine whose backup is `source` (another layout, prefix or passphrase).
    func engine(source: any SnapshotRepositoryOpener) -> BackupEngine {
        clock.advance(by: 5)
        return BackupEngine(repositories: source, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
                            sqlite: sqlite, clock: clock, progress: progress, configuration: configuration)
    }
}
