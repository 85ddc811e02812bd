import Foundation
import Testing
import AgentBackup
@testable import AgentBackupEngine
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

/// Issue #17: the key check before writing, phantom folders, database stat cache entries valid
/// from the push that wrote them, incremental pushes without a local cache.
@Suite struct EngineKeyCheckAndCacheTests {
    func populate(_ h: EngineHarness) throws {
        try populateFourFiles(h)
    }

    // MARK: item 3

    /// A push whose passphrase does not open the newest manifest writes nothing (with or
    /// without the local cache), and names the snapshot; the right passphrase still works.
    @Test func item3_aPushWithAnotherPassphraseIsRefusedBeforeWritingAnything() async throws {
        let h = try EngineHarness()
        try populate(h)
        let first = try await h.push()
        try h.write("data/a.txt", "changed")
        let keys = h.store.keys
        for clearCache in [false, true] {
            if clearCache { try h.remove("cache") }
            h.clock.advance(by: 5)
            h.spy.reset()
            let error = await #expect(throws: EngineError.self) {
                try await h.engine(codec: EncryptingCodec(passphrase: "wrong passphrase")).push(h.target)
            }
            #expect(error?.kind == .configuration)
            #expect(error?.message.contains("does not open snapshot \(first.snapshot!)") == true)
            #expect(error?.message.contains("new prefix") == true)
            #expect(h.store.keys == keys)
            #expect(h.spy.puts.get().isEmpty && h.spy.copies.get().isEmpty)
        }
        let right = try await h.push()
        #expect(right.uploaded == 1)
        #expect(right.copied == 3)
    }

    /// Encryption off: the check is that the newest manifest reads as plain JSON.
    @Test func item3_aPlainPushOverAnEncryptedHistoryIsRefused() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("data/a.txt", "changed")
        let keys = h.store.keys
        h.clock.advance(by: 5)
        let error = await #expect(throws: EngineError.self) { try await h.engine(codec: PlainCodec()).push(h.target) }
        #expect(error?.kind == .configuration)
        #expect(h.store.keys == keys)
    }

    /// No snapshot yet: nothing to check, any key starts the history.
    @Test func item3_theFirstPushNeedsNoCheck() async throws {
        let h = try EngineHarness()
        try populate(h)
        h.clock.advance(by: 5)
        let summary = try await h.engine(codec: EncryptingCodec(passphrase: "any")).push(h.target)
        #expect(summary.uploaded == 4)
    }

    /// Prune checks the key before deleting anything (retention and safety snapshots).
    @Test func item3_pruneWithAnotherPassphraseDeletesNothing() async throws {
        let h = try EngineHarness()
        try populate(h)
        for text in ["1", "2", "3"] {
            try h.write("data/a.txt", text)
            try await h.push()
        }
        try h.write("data/a.txt", "edit")
        let restored = try await h.restore()
        let safety = try #require(restored.safetySnapshot)
        let keys = h.store.keys
        let wrong = h.engine(codec: EncryptingCodec(passphrase: "wrong passphrase"))
        let error = await #expect(throws: EngineError.self) { try await wrong.prune(policy: .keepLast(1), removeSafety: true) }
        #expect(error?.kind == .configuration)
        await #expect(throws: EngineError.self) { try await wrong.removeSafetySnapshots(in: [safety]) }
        #expect(h.store.keys == keys)
        let pruned = try await h.engine().prune(policy: .keepLast(1), removeSafety: false)
        #expect(pruned.deletedSnapshots.count == 2)
    }

    // MARK: item 5

    /// A store that keeps reporting emptied folders (SeaweedFS): what was deleted is reported
    /// once, an empty folder is neither a snapshot nor an incomplete folder afterwards.
    @Test func item5_emptiedFoldersAreNeverReportedAgain() async throws {
        let store = InMemoryObjectStore()
        store.keepsEmptyPrefixes = true
        let h = try EngineHarness(keep: 1, store: store)
        try populate(h)
        let first = try await h.push()
        try h.write("data/a.txt", "2")
        let second = try await h.push()
        #expect(second.pruned == [first.snapshot!])
        // The emptied folder is still reported by the store's listing.
        let listing = try await store.listAll(prefix: "test-backup/", delimiter: "/")
        #expect(listing.commonPrefixes.contains("test-backup/\(first.snapshot!)/"))
        // An incomplete folder older than the newest, past the grace period: removed once.
        store.setData([1], for: "test-backup/2000-01-01T00-00-00-000Z/data/a.txt")
        try h.write("data/a.txt", "3")
        let third = try await h.push()
        #expect(third.pruned == [second.snapshot!, "2000-01-01T00-00-00-000Z"])
        try h.write("data/a.txt", "4")
        let fourth = try await h.push()
        #expect(fourth.pruned == [third.snapshot!])
        let pruned = try await h.engine().prune(policy: .keepLast(1), removeSafety: true)
        #expect(pruned.deletedSnapshots.isEmpty)
        #expect(pruned.deletedIncomplete.isEmpty)
        #expect(pruned.deletedSafety.isEmpty)
        #expect(pruned.objectsDeleted == 0)
        #expect(SummaryText.prune(pruned).hasSuffix("kept 1 snapshot(s), deleted 0 (0 objects)"))
        let snapshots = try await h.engine().snapshots(includeSafety: true)
        #expect(snapshots.snapshots.map(\.id) == [fourth.snapshot!])
        #expect(snapshots.safety == [])
    }

    /// The same for safety folders: removed once, never reported again.
    @Test func item5_emptiedSafetyFoldersAreNotReportedAgain() async throws {
        let store = InMemoryObjectStore()
        store.keepsEmptyPrefixes = true
        let h = try EngineHarness(store: store)
        try populate(h)
        try await h.push()
        try h.write("data/a.txt", "edit")
        let restored = try await h.restore()
        let safety = try #require(restored.safetySnapshot)
        let first = try await h.engine().prune(policy: .keepLast(5), removeSafety: true)
        #expect(first.deletedSafety == [try SnapshotRef(parsing: safety).safetyFolder!])
        let again = try await h.engine().prune(policy: .keepLast(5), removeSafety: true)
        #expect(again.deletedSafety.isEmpty && again.objectsDeleted == 0)
        #expect(try await h.engine().snapshots(includeSafety: true).safety == [])
    }

    // MARK: item 6

    /// A database written half a second before a push (an agent writes all the time) is not
    /// snapshotted again by the next push when the file system stamps fractions of a second.
    @Test func item6_aDatabaseWrittenJustBeforeAPushIsNotReadAgainByTheNext() async throws {
        let h = try EngineHarness()
        let path = try h.write("data/memory.db", "LIVE-DB")
        try h.write("data/a.txt", "a")
        let nearScanNs = Int64((h.clock.now().timeIntervalSince1970 + 5 - 0.5) * 1e9) + 123_457
        try h.fileSystem.setModificationTime(path, ns: nearScanNs)
        try await h.push()
        #expect(h.sqlite.calls.get().count == 1)
        let next = try await h.push()
        #expect(next.outcome == .noChanges)
        #expect(next.filesRead == 0)
        #expect(h.sqlite.calls.get().count == 1)
        // A commit (the WAL grows) is still seen at once: the database is snapshotted again.
        try h.write("data/memory.db-wal", "one commit")
        try await h.push()
        #expect(h.sqlite.calls.get().count == 2)
    }

    /// Whole-second stamps (FAT, HFS+, ext3) keep the full racy window.
    @Test func item6_wholeSecondStampsKeepTheRacyWindow() async throws {
        let h = try EngineHarness()
        let path = try h.write("data/memory.db", "LIVE-DB")
        let wholeSecond = (h.clock.now().timeIntervalSince1970 + 5 - 1).rounded(.down)
        try h.fileSystem.setModificationTime(path, ns: Int64(wholeSecond) * 1_000_000_000)
        var status = try #require(try h.fileSystem.status(path))
        #expect(!StatCache.hasFineTimestamps(status))
        status.ctimeNs = status.mtimeNs + 1
        status.mtimeNs += 1
        #expect(StatCache.hasFineTimestamps(status))
        try await h.push()
        try await h.push()
        #expect(h.sqlite.calls.get().count == 2)
    }
    // MARK: item 7

    /// Without the local cache the push reads the newest manifest from the repository: only the
    /// changed file goes up, the rest is copied forward; the stat cache is rebuilt from it.
    @Test func item7_aPushWithoutTheLocalCacheIsStillIncremental() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.remove("cache")
        try h.write("data/a.txt", "changed")
        let summary = try await h.push()
        #expect(summary.outcome == .pushed)
        #expect(summary.uploaded == 1)
        #expect(summary.copied == 3)
        #expect(summary.changed == 1 && summary.unchanged == 3)
        h.hasher.reset()
        let next = try await h.push()
        #expect(next.outcome == .noChanges)
        #expect(h.hasher.reads == 0)
    }

    /// Nothing changed and no cache: nothing is written, and the cache is back for the next push.
    @Test func item7_noChangeWithoutTheLocalCacheWritesNothingAndRestoresTheCache() async throws {
        let h = try EngineHarness()
        try populate(h)
        let first = try await h.push()
        try h.remove("cache")
        let keys = h.store.keys
        let summary = try await h.push()
        #expect(summary.outcome == .noChanges)
        #expect(h.store.keys == keys)
        #expect(h.exists("cache/manifest.json"))
        h.spy.reset()
        let again = try await h.push()
        #expect(again.outcome == .noChanges)
        #expect(h.spy.lists.get().isEmpty)
        #expect(try h.manifest(first.snapshot!).files.count == 4)
    }
}
