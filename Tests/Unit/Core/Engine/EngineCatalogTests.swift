import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport

@Suite struct EngineCatalogTests {
    /// SPEC item 8: listing uses a delimiter listing of `<prefix>/` and one HEAD per folder: the
    /// number of requests does not grow with the number of files.
    @Test func item08_listingUsesADelimiterAndCostsTheSameWhateverTheFileCount() async throws {
        func listingCalls(files: Int) async throws -> (lists: [SpyStore.List], heads: Int) {
            let h = try EngineHarness(encrypted: false)
            for i in 0..<files { try h.write("data/f\(i).txt", "\(i)") }
            try await h.push()
            h.spy.reset()
            _ = try await h.engine().snapshots(includeSafety: false)
            return (h.spy.lists.get(), h.store.callCount(.head))
        }
        let small = try await listingCalls(files: 2)
        let large = try await listingCalls(files: 300)
        #expect(small.lists == [SpyStore.List(prefix: "test-backup/", delimiter: "/")])
        #expect(large.lists == small.lists)
        #expect(large.heads == 1)
        #expect(small.heads == 1)
    }

    @Test func incompleteAndForeignFoldersAreNotSnapshots() async throws {
        let h = try EngineHarness()
        try h.write("data/a.txt", "a")
        try await h.push()
        h.store.setData([1], for: "test-backup/2999-01-01T00-00-00-000Z/data/a.txt")
        h.store.setData([1], for: "test-backup/notes/readme.txt")
        let listing = try await h.engine().snapshots(includeSafety: true)
        #expect(listing.snapshots.count == 1)
        #expect(listing.safety == [])
    }

    @Test func verifyChecksEveryFileWithoutTouchingTheRoots() async throws {
        let h = try EngineHarness()
        try h.write("data/a.txt", "a")
        try h.write("config/s.json", "{}")
        let pushed = try await h.push()
        let listedBefore = h.fileSystem.paths(of: .listing, .contents).count
        let summary = try await h.engine().verify(snapshot: nil)
        #expect(summary.snapshot == pushed.snapshot)
        #expect(summary.files == 2)
        #expect(summary.bytes == 3)
        #expect(h.fileSystem.paths(of: .listing, .contents).count == listedBefore + 1)  // only the work area's parent
        #expect(h.files(under: "cache/tmp", named: "run-").isEmpty)
    }

    @Test func verifyNamesEveryFileThatDoesNotVerify() async throws {
        let h = try EngineHarness()
        try h.write("data/a.txt", "a")
        try h.write("data/b.txt", "b")
        try h.write("config/s.json", "{}")
        let pushed = try await h.push()
        h.store.corruptReads(of: "test-backup/\(pushed.snapshot!)/data/a.txt", atByte: 80)
        h.store.removeData(for: "test-backup/\(pushed.snapshot!)/data/b.txt")
        let error = await #expect(throws: EngineError.self) { try await h.engine().verify(snapshot: try SnapshotRef(parsing: pushed.snapshot!)) }
        #expect(error?.kind == .integrity)
        #expect(error?.files.sorted() == ["data/a.txt", "data/b.txt"])
        #expect(h.read("data/a.txt") == "a")
    }

    @Test func pruneDryRunDecidesEverySnapshotAndDeletesNothing() async throws {
        let h = try EngineHarness()
        for i in 0..<3 {
            try h.write("data/a.txt", "\(i)")
            try await h.push()
        }
        let ids = h.snapshotIDs()
        let objects = h.store.keys
        let summary = try await h.engine().prune(policy: RetentionPolicy(last: 2), removeSafety: true, dryRun: true)
        #expect(summary.dryRun)
        #expect(summary.decisions == [PruneDecision(id: ids[0], kept: false, reasons: []),
                                      PruneDecision(id: ids[1], kept: true, reasons: ["last 2"]),
                                      PruneDecision(id: ids[2], kept: true, reasons: ["newest", "last 1"])])
        #expect(summary.deletedSnapshots == [ids[0]])
        #expect(summary.objectsDeleted == 0)
        #expect(h.store.keys == objects)
        #expect(SummaryText.prune(summary).contains("remove  \(ids[0])"))
        #expect(SummaryText.prune(summary).contains("keep    \(ids[2])  newest, last 1"))
        #expect(SummaryText.prune(summary).hasSuffix("nothing was deleted"))
    }

    @Test func prunedSnapshotLosesItsManifestFirst() async throws {
        let h = try EngineHarness()
        try h.write("data/a.txt", "0")
        let first = try await h.push()
        try h.write("data/a.txt", "1")
        try await h.push()
        h.store.resetCalls()
        _ = try await h.engine().prune(policy: .keepLast(1), removeSafety: false)
        let deletes = h.store.calls.filter { $0.operation == .delete }
        #expect(deletes.first?.keys == ["test-backup/\(first.snapshot!)/manifest.json"])
    }

    @Test func hasLocalFilesSeesOnlyIncludedFiles() async throws {
        let h = try EngineHarness()
        try h.write("config/ignored.log", "x")
        #expect(try h.engine().hasLocalFiles(h.target) == false)
        try h.write("config/a.json", "{}")
        #expect(try h.engine().hasLocalFiles(h.target) == true)
        #expect(h.hasher.reads == 0)
    }

    /// SPEC item 10 at scale: on a 5,000-file tree a push with no changes reads no file contents.
    @Test func item10_fiveThousandFileNoChangePushReadsNoFileContents() async throws {
        let h = try EngineHarness(encrypted: false)  // the mode does not matter to a push with no changes
        for folder in 0..<50 {
            for file in 0..<100 {
                try h.write("data/f\(folder)/file\(file).jsonl", "{\"folder\":\(folder),\"file\":\(file)}\n")
            }
        }
        let first = try await h.push()
        #expect(first.files == 5000)
        h.hasher.reset()
        h.spy.reset()
        let encodes = h.codec.fileEncodes
        let started = Date()
        let second = try await h.push()
        let seconds = Date().timeIntervalSince(started)
        print("5,000-file no-change push: \(String(format: "%.3f", seconds)) s, files read: \(h.hasher.reads)")
        #expect(second.outcome == .noChanges)
        #expect(h.hasher.reads == 0)
        #expect(h.codec.fileEncodes == encodes)
        #expect(h.store.calls.map(\.operation) == [.head])
    }
}
