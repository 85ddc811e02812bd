import Foundation
import Testing
import AgentBackup
@testable import AgentBackupEngine
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

/// Issue #17: safety snapshots that restore by their one name, unreadable manifests that do not
/// hide the others, a failed restore that leaves no folder behind.
@Suite struct EngineSafetyTests {
    func populate(_ h: EngineHarness) throws {
        try populateFourFiles(h)
    }

    /// Three pushes of the four files, `data/a.txt` changed before each; their names.
    func threeSnapshots(_ h: EngineHarness) async throws -> [String] {
        try populate(h)
        var names: [String] = []
        for text in ["a", "a2", "a3"] {
            try h.write("data/a.txt", text)
            names.append(try #require(try await h.push().snapshot))
        }
        return names
    }

    // MARK: item 2

    /// One manifest that does not open hides nothing: the others are listed and the unreadable
    /// one is named with the reason.
    @Test func item2_anUnreadableManifestIsListedAsUnreadableAmongTheOthers() async throws {
        let h = try EngineHarness()
        let names = try await threeSnapshots(h)
        // The middle one damaged, a safety snapshot under another passphrase.
        let key = "test-backup/\(names[1])/manifest.json"
        var bytes = try #require(h.store.data(for: key))
        bytes[bytes.count - 5] ^= 0xFF
        h.store.setData(bytes, for: key)
        try h.write("data/a.txt", "edit")
        let restored = try await h.restore()
        let safety = try #require(restored.safetySnapshot)
        let safetyKey = "test-backup/\(safety)/manifest.json"
        let foreign = try EncryptingCodec(passphrase: "another passphrase").encode(try h.manifest(safety).encoded())
        h.store.setData(foreign, for: safetyKey)

        let listing = try await h.engine().snapshots(includeSafety: true)
        #expect(listing.snapshots.map(\.id) == [names[0], names[1], names[2]])
        #expect(listing.snapshots.map { $0.unreadable == nil } == [true, false, true])
        #expect(listing.snapshots[0].files == 4 && listing.snapshots[2].files == 4)
        #expect(listing.snapshots[1].unreadable?.contains(key) == true)
        #expect(listing.safety?.map(\.id) == [safety])
        #expect(listing.safety?.first?.unreadable?.contains(safetyKey) == true)
        #expect(listing.unreadable.map(\.id) == [names[1], safety])
        let text = SummaryText.snapshots(listing)
        #expect(text.contains("\(names[1])  UNREADABLE: "))
        #expect(text.contains("\(safety)  UNREADABLE: "))
        #expect(text.contains("2 snapshot(s) could not be read"))
    }

    /// `verify --all` goes on past an unreadable manifest and a file that does not verify.
    @Test func item2_verifyAllNamesTheUnreadableAndTheFailedAndChecksTheRest() async throws {
        let h = try EngineHarness()
        let names = try await threeSnapshots(h)
        h.store.setData(Array("not a manifest".utf8), for: "test-backup/\(names[0])/manifest.json")
        h.store.corruptReads(of: "test-backup/\(names[1])/data/a.txt", atByte: 70)
        let summary = try await h.engine().verifyAll()
        #expect(summary.snapshots.map(\.snapshot) == [names[0], names[1], names[2]])
        #expect(summary.snapshots[0].unreadable?.contains("\(names[0])/manifest.json") == true)
        #expect(summary.snapshots[1].failedFiles == ["data/a.txt"])
        #expect(summary.snapshots[1].integrity == true)
        #expect(summary.snapshots[2].verified)
        #expect(summary.snapshots[2].files == 4)
        let text = SummaryText.verifyAll(summary)
        #expect(text.contains("\(names[0])  UNREADABLE: "))
        #expect(text.contains("\(names[1])  FAILED: "))
        #expect(text.contains("1 of 3 snapshot(s) verified"))
    }

    // MARK: item 4

    /// A failed restore leaves no folder it made behind (into the roots and into --target).
    @Test func item4_aFailedRestoreRemovesTheFoldersItMade() async throws {
        let h = try EngineHarness()
        try h.write("data/keep/old.txt", "old")
        try h.write("data/deep/er/x.txt", "x")
        try h.write("data/deep/er/y.txt", "y")
        let pushed = try await h.push()
        try h.remove("data/deep")
        h.store.failAlways(.getBytes, key: "test-backup/\(pushed.snapshot!)/data/deep/er/y.txt",
                           with: .injected(.permanent, httpStatus: 500, serverCode: "InternalError"))
        await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(!h.exists("data/deep"))
        #expect(h.read("data/keep/old.txt") == "old")
        let target = h.directory.path("elsewhere")
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(targetDirectory: target)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: target).isEmpty)
    }
}

/// Four small files under the harness's roots: `config/settings.json`, `data/a.txt`, `b.txt`, `c.txt`.
func populateFourFiles(_ h: EngineHarness) throws {
    try h.write("config/settings.json", #"{"temperature":0.2}"#)
    try h.write("data/a.txt", "a")
    try h.write("data/b.txt", "b")
    try h.write("data/c.txt", "c")
}
