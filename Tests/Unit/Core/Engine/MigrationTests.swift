import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure
import AgentBackupFixtures
@testable import AgentBackupEngine

/// `migrate` into the reference layout (the checks every layout passes, then what only the
/// reference layout promises: plain objects byte-identical, the reference engine's own bucket).
@Suite struct ReferenceMigrationTests {
    let checks = MigrationChecks(destinations: MigrationLayouts.reference)

    @Test func wholeHistoryMovesAndComesBack() async throws { try await checks.wholeHistoryMovesAndComesBack() }
    @Test func plainAndEncryptedBothWays() async throws { try await checks.plainAndEncryptedBothWays() }
    @Test func resumesAfterStoppingAtTenPoints() async throws { try await checks.resumesAfterStoppingAtTenPoints() }
    @Test func refusesAnotherHistory() async throws { try await checks.refusesAnotherHistory() }
    @Test func damagedSourceFileStopsNamingIt() async throws { try await checks.damagedSourceFileStopsNamingIt() }

    /// Plain → encrypted → plain gives back the very objects of the source, manifests included
    /// (the manifest keeps its writer's order), and the copies were server-side.
    @Test func plainRoundTripGivesBackTheSameObjects() async throws {
        let h = try EngineHarness(encrypted: false)
        try await h.buildHistory()
        let sealed = MigrationLayouts.reference(h.store, "sealed", MigrationChecks.newPassphrase)
        h.store.resetCalls()
        _ = try await h.migrate(to: sealed)
        #expect(h.store.callCount(.copy) > 5, "unchanged files are copied server-side")
        _ = try await h.engine(source: sealed).migrate(to: MigrationLayouts.reference(h.store, "opened", nil))
        #expect(h.objects(under: "opened") == h.objects(under: "test-backup"))
        #expect(h.contentTypes(under: "opened") == h.contentTypes(under: "test-backup"))
    }

    /// A second run finds everything there: nothing is written, everything is read back.
    @Test func aSecondRunWritesNothing() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        let moved = MigrationLayouts.reference(h.store, "moved", MigrationChecks.newPassphrase)
        let first = try await h.migrate(to: moved)
        h.store.resetCalls()
        let second = try await h.migrate(to: moved)
        #expect(second.alreadyThere == 5 && second.copied == 0)
        #expect(second.verifiedFiles == first.verifiedFiles)
        #expect(h.store.callCount(.put) == 0 && h.store.callCount(.copy) == 0 && h.store.callCount(.delete) == 0)
    }

    /// The backup being migrated is never its own destination.
    @Test func theSourceIsNotADestination() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        await #expect(throws: EngineError.self) { _ = try await h.migrate(to: MigrationLayouts.source(h.store, encrypted: true)) }
        let empty = try EngineHarness()
        do {
            _ = try await empty.migrate(to: MigrationLayouts.reference(empty.store, "moved", nil))
            Issue.record("an empty source has nothing to migrate")
        } catch let error as EngineError {
            #expect(error.kind == .configuration && error.message.contains("no snapshot"), "\(error)")
        }
    }

    /// The reference engine's own bucket (Tests/Fixtures/data/bucket), encrypted and plain,
    /// moves under a new passphrase and every snapshot restores byte-identical to the reference's
    /// own decryption.
    @Test func theReferenceEnginesBucketMovesAndRestoresByteIdentical() async throws {
        let h = try EngineHarness()
        try Self.loadReferenceBucket(into: h.store)
        let histories = [
            ("agent-backup-fixture", true, ["2026-11-25T12-57-24-347Z", "2026-11-25T12-57-25-995Z", "2026-11-25T12-57-27-557Z"]),
            ("agent-backup-fixture-plain", false, ["2026-11-25T12-57-28-102Z"]),
        ]
        for (prefix, encrypted, ids) in histories {
            let source = MigrationLayouts.reference(h.store, prefix, encrypted ? testPassphrase : nil)
            let moved = MigrationLayouts.reference(h.store, prefix + "-moved", MigrationChecks.newPassphrase)
            let summary = try await h.engine(source: source).migrate(to: moved)
            #expect(summary.snapshots.map(\.snapshot) == ids)
            try await RepositoryContents().expectSameHistory(moved, as: source)
            try await Self.expectRestoresTheFixture(h, from: moved, prefix: prefix, ids: ids)
        }
    }

    /// Every snapshot `ids` of the fixture history `prefix` restores from `repository` (its
    /// own copy) byte-identical to the reference engine's own decryption of it.
    static func expectRestoresTheFixture(
        _ h: EngineHarness, from repository: any SnapshotRepositoryOpener, prefix: String, ids: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for id in ids {
            let folder = "restored-\(UUID().uuidString)"
            let options = RestoreOptions(snapshot: .regular(try SnapshotID(parsing: id)), targetDirectory: h.directory.path(folder), skipSafety: true)
            let restored = try await h.engine(source: repository).restore(h.target, options: options)
            let manifest = try Manifest.decode(try Fixtures.bytes("bucket/manifests/\(prefix)__\(id).json"))
            #expect(restored.files == manifest.files.count, sourceLocation: sourceLocation)
            for path in manifest.sortedPaths {
                #expect(h.directory.read("\(folder)/\(path.string)") == (try Fixtures.bytes("bucket/plain/\(prefix)/\(id)/\(path.string)")),
                        "\(id)/\(path)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Every object of the reference fixture bucket, keys preserved.
    static func loadReferenceBucket(into store: InMemoryObjectStore) throws {
        let objects = Fixtures.url("bucket/objects").path
        let enumerator = try #require(FileManager.default.enumerator(atPath: objects))
        var loaded = 0
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: objects + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let plainManifest = relative.hasPrefix("agent-backup-fixture-plain/") && relative.hasSuffix("/manifest.json")
            store.setData(try Fixtures.bytes("bucket/objects/" + relative), for: relative,
                          contentType: plainManifest ? "application/json" : "application/octet-stream")
            loaded += 1
        }
        #expect(loaded >= 40, "the fixture bucket holds 4 snapshots")
    }
}

extension EngineHarness {
    /// Every object's content type under `prefix/`, by key after the prefix.
    func contentTypes(under prefix: String) -> [[UInt8]: String] {
        var result: [[UInt8]: String] = [:]
        let start = Array((prefix + "/").utf8)
        for key in store.keys where key.utf8.starts(with: start) {
            result[Array(key.utf8.dropFirst(start.count))] = store.contentType(for: key)
        }
        return result
    }
}

/// The batches `migrate` moves files in: bounded on disk whatever the history's size.
@Suite struct FileBatchesTests {
    @Test func batchesAreBoundedByBytesAndFilesAndNeverEmpty() throws {
        let sizes: [(String, Int64)] = [("d/a", 40), ("d/b", 40), ("d/c", 30), ("d/huge", 500), ("d/d", 1), ("d/e", 1), ("d/f", 1), ("d/g", 1)]
        var files: [VirtualPath: ManifestEntry] = [:]
        for (path, size) in sizes { files[try VirtualPath(path)] = ManifestEntry(hash: String(repeating: "0", count: 64), size: size) }
        let manifest = Manifest(timestamp: "2026-01-01T00:00:00.000Z", files: files)
        var batches = FileBatches(fileSystem: PosixFileSystem(), folder: "/nonexistent", concurrency: 2)
        batches.maxBytes = 100
        batches.maxFiles = 3
        let cut = batches.batches(try sizes.map { try VirtualPath($0.0) }, manifest: manifest)
        #expect(cut.map { $0.map(\.string) } == [["d/a", "d/b"], ["d/c"], ["d/huge"], ["d/d", "d/e", "d/f"], ["d/g"]])
    }

    @Test func noTemporaryFileOutlivesAMigrate() async throws {
        let h = try EngineHarness()
        try await h.buildHistory()
        _ = try await h.migrate(to: MigrationLayouts.reference(h.store, "moved", nil))
        h.store.corruptReads(of: "test-backup/\(h.snapshotIDs()[0])/data/a.txt")
        await #expect(throws: EngineError.self) { _ = try await h.migrate(to: MigrationLayouts.reference(h.store, "again", nil)) }
        #expect(h.files(under: "cache/tmp", named: "").isEmpty)
    }
}
