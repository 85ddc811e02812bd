import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

@Suite struct EngineRestoreTests {
    func populate(_ h: EngineHarness) throws {
        try h.write("config/settings.json", #"{"temperature":0.2}"#)
        try h.write("config/notes/Draft (v2) it's *final*! a+b=c&d.md", "draft")
        try h.write("data/sessions/s1.jsonl", "{\"a\":1}\n")
        try h.write("data/notes/ümlaut 📝.txt", "emoji")
        try h.write("data/empty.txt", "")
    }

    /// A second harness on the same store: another machine with empty roots.
    func freshMachine(_ h: EngineHarness, encrypted: Bool = true) throws -> EngineHarness {
        let other = try EngineHarness(encrypted: encrypted, store: h.store)
        other.clock.set(h.clock.now().addingTimeInterval(10))
        return other
    }

    @Test func identicalFilesAreSkipped() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("data/empty.txt", "local change")
        h.store.resetCalls()
        h.hasher.reset()
        let summary = try await h.restore(RestoreOptions(skipSafety: true))
        // Only the edited file is read to compare: the stat cache vouches for the others.
        #expect(h.hasher.paths == [h.directory.path("data/empty.txt")])
        #expect(summary.skipped == 4)
        #expect(summary.downloaded == 1)
        #expect(summary.writtenPaths == ["data/empty.txt"])
        let fileGets = h.store.calls.filter { ($0.operation == .getToFile || $0.operation == .getBytes) && !$0.keys[0].hasSuffix("/manifest.json") }
        #expect(fileGets.map { $0.keys[0].hasSuffix("/data/empty.txt") } == [true])
        #expect(h.read("data/empty.txt") == "")
    }

    /// SPEC item 2: a flipped byte fails the run (integrity, naming the file), local file untouched.
    @Test func item02_flippedByteIsAnIntegrityErrorAndTheLocalFileIsUntouched() async throws {
        let h = try EngineHarness(encrypted: false)
        try populate(h)
        let pushed = try await h.push()
        try h.write("data/sessions/s1.jsonl", "LOCAL EDIT")
        try h.write("config/settings.json", "LOCAL EDIT 2")
        h.store.corruptReads(of: "test-backup/\(pushed.snapshot!)/data/sessions/s1.jsonl", atByte: 2)
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.files == ["data/sessions/s1.jsonl"])
        #expect(error?.message.contains("data/sessions/s1.jsonl") == true)
        #expect(h.read("data/sessions/s1.jsonl") == "LOCAL EDIT")
        // Nothing is put in place unless everything verified.
        #expect(h.read("config/settings.json") == "LOCAL EDIT 2")
        #expect(h.files(under: "config", named: ".agent-backup-partial-").isEmpty)
        #expect(h.files(under: "data", named: ".agent-backup-partial-").isEmpty)
    }

    @Test func item02_tamperedEnvelopeIsAnIntegrityError() async throws {
        let h = try EngineHarness()
        try populate(h)
        let pushed = try await h.push()
        try h.remove("data/empty.txt")
        h.store.corruptReads(of: "test-backup/\(pushed.snapshot!)/data/empty.txt", atByte: 70)
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.files == ["data/empty.txt"])
        #expect(!h.exists("data/empty.txt"))
    }

    @Test func missingObjectIsAnIntegrityError() async throws {
        let h = try EngineHarness()
        try populate(h)
        let pushed = try await h.push()
        try h.remove("data/empty.txt")
        h.store.removeData(for: "test-backup/\(pushed.snapshot!)/data/empty.txt")
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.files == ["data/empty.txt"])
    }

    /// SPEC item 3: the new bytes arrive by rename (new inode); no temporary file is left.
    @Test func item03_restoreReplacesFilesByRenameLeavingNoTemporaryFile() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("config/settings.json", "edited")
        let before = try #require(try h.fileSystem.status(h.directory.path("config/settings.json")))
        try await h.restore(RestoreOptions(skipSafety: true))
        let after = try #require(try h.fileSystem.status(h.directory.path("config/settings.json")))
        #expect(after.inode != before.inode)
        #expect(h.read("config/settings.json") == #"{"temperature":0.2}"#)
        #expect(h.files(under: "config", named: ".agent-backup-partial-").isEmpty)
    }

    @Test func aDownloadFailureChangesNoLocalFile() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("config/settings.json", "edited")
        try h.write("data/empty.txt", "edited too")
        let snapshot = try #require(h.snapshotIDs().last)
        for path in ["config/settings.json", "data/empty.txt"] {
            h.store.failAlways(.getBytes, key: "test-backup/\(snapshot)/\(path)", with: .injected(.permanent, httpStatus: 500, serverCode: "InternalError"))
        }
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .failed)
        #expect(h.read("config/settings.json") == "edited")
        #expect(h.read("data/empty.txt") == "edited too")
        #expect(h.files(under: "config", named: ".agent-backup-partial-").isEmpty)
    }

    /// SPEC item 1: a manifest with `../../x` is refused; nothing is written, inside or outside.
    @Test func item01_traversalManifestIsRefusedAndNothingIsWritten() async throws {
        let h = try EngineHarness()
        try populate(h)
        let pushed = try await h.push()
        let hostileID = "2999-01-01T00-00-00-000Z"
        let escape = "x-\(UInt32.random(in: 0...UInt32.max))"  // resolves beside the test folder
        let hostile = Manifest(timestamp: "2999-01-01T00:00:00.000Z", files: [
            VirtualPath(unchecked: "data/../../\(escape)"): ManifestEntry(hash: sha256("evil"), size: 4),
            VirtualPath(unchecked: "config/settings.json"): ManifestEntry(hash: sha256("evil"), size: 4),
        ])
        h.store.setData(try h.codec.encode(hostile.encoded()), for: "test-backup/\(hostileID)/manifest.json")
        h.store.setData(try h.codec.encode(Array("evil".utf8)), for: "test-backup/\(hostileID)/data/../../\(escape)")
        h.store.setData(try h.codec.encode(Array("evil".utf8)), for: "test-backup/\(hostileID)/config/settings.json")
        let error = await #expect(throws: EngineError.self) { try await h.restore() }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("..") == true)
        #expect(!FileManager.default.fileExists(atPath: h.directory.path(escape)))
        #expect(!FileManager.default.fileExists(atPath: h.directory.path + "/../" + escape))
        #expect(h.read("config/settings.json") == #"{"temperature":0.2}"#)
        // Refused before the safety snapshot: nothing was written to the bucket either.
        #expect(!h.store.keys.contains { $0.contains("/safety-") })
        #expect(h.directory.read("cache/manifest.json") == (try h.manifest(pushed.snapshot!)).encoded())
    }

    @Test func aLabelThatIsNoRootIsRefused() async throws {
        let h = try EngineHarness()
        let id = "2999-01-01T00-00-00-000Z"
        let manifest = Manifest(timestamp: "2999-01-01T00:00:00.000Z", files: [VirtualPath(unchecked: "elsewhere/x"): ManifestEntry(hash: sha256("x"), size: 1)])
        h.store.setData(try h.codec.encode(manifest.encoded()), for: "test-backup/\(id)/manifest.json")
        h.store.setData(try h.codec.encode(Array("x".utf8)), for: "test-backup/\(id)/elsewhere/x")
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("--target") == true)
        // … and restores fine into a target folder.
        let summary = try await h.restore(RestoreOptions(targetDirectory: h.directory.path("out"), skipSafety: true))
        #expect(summary.downloaded == 1)
        #expect(h.read("out/elsewhere/x") == "x")
    }

    @Test func aSymbolicLinkInTheWayIsNeverFollowed() async throws {
        let h = try EngineHarness()
        try h.write("data/sub/file.txt", "inside")
        try await h.push()
        try FileManager.default.removeItem(atPath: h.directory.path("data/sub"))
        try FileManager.default.createDirectory(atPath: h.directory.path("elsewhere"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.directory.path("data/sub"), withDestinationPath: h.directory.path("elsewhere"))
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.message.contains("symbolic link") == true)
        #expect(!h.exists("elsewhere/file.txt"))
    }

    /// SPEC item 7: with encryption on, a plain-JSON manifest is refused (exit 3).
    @Test func item07_plaintextManifestIsRefusedWhenEncrypting() async throws {
        let plain = try EngineHarness(encrypted: false)
        try populate(plain)
        try await plain.push()
        let encrypting = try freshMachine(plain, encrypted: true)
        let error = await #expect(throws: EngineError.self) { try await encrypting.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("not encrypted") == true)
        #expect(!encrypting.exists("config/settings.json"))
    }

    @Test func encryptedBackupWithEncryptionOffIsAConfigurationError() async throws {
        let h = try EngineHarness(encrypted: true)
        try populate(h)
        try await h.push()
        let plain = try freshMachine(h, encrypted: false)
        let error = await #expect(throws: EngineError.self) { try await plain.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .configuration)
    }

    @Test func wrongPassphraseIsAnIntegrityError() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        let other = try freshMachine(h)
        let error = await #expect(throws: EngineError.self) {
            try await other.engine(codec: EncryptingCodec(passphrase: "wrong")).restore(other.target, options: RestoreOptions(skipSafety: true))
        }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("passphrase") == true)
    }

    @Test func manifestOfANewerVersionIsRefused() async throws {
        let h = try EngineHarness()
        let id = "2999-01-01T00-00-00-000Z"
        h.store.setData(try h.codec.encode(Array(#"{"version": 2, "timestamp": "2999-01-01T00:00:00.000Z", "files": {}}"#.utf8)),
                        for: "test-backup/\(id)/manifest.json")
        let error = await #expect(throws: EngineError.self) { try await h.restore(RestoreOptions(skipSafety: true)) }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("upgrade") == true)
    }

    /// SPEC item 12: in a plain backup, a file that looks like an envelope is just data.
    @Test func item12_plainBackupNeverDecryptsAFileThatLooksEncrypted() async throws {
        let h = try EngineHarness(encrypted: false)
        let lookalike = Array("B2EN".utf8) + [UInt8](repeating: 7, count: 100)
        try h.writeBytes("data/blob.bin", lookalike)
        try await h.push()
        let other = try freshMachine(h, encrypted: false)
        try await other.restore(RestoreOptions(skipSafety: true))
        #expect(other.directory.read("data/blob.bin") == lookalike)
    }

    /// The hash is authoritative: a manifest size that disagrees (reference SQLite sizes) is fine.
    @Test func sizeMismatchWithMatchingHashIsAccepted() async throws {
        let h = try EngineHarness(encrypted: false)
        let id = "2999-01-01T00-00-00-000Z"
        let manifest = Manifest(timestamp: "2999-01-01T00:00:00.000Z", files: [VirtualPath(unchecked: "data/memory.db"): ManifestEntry(hash: sha256("db bytes"), size: 99999)])
        h.store.setData(manifest.encoded(), for: "test-backup/\(id)/manifest.json", contentType: "application/json")
        h.store.setData(Array("db bytes".utf8), for: "test-backup/\(id)/data/memory.db")
        try await h.restore(RestoreOptions(skipSafety: true))
        #expect(h.read("data/memory.db") == "db bytes")
    }

    @Test func restoringADatabaseRemovesItsStaleSidecars() async throws {
        let h = try EngineHarness()
        try h.write("data/memory.db", "DB")
        try await h.push()
        try h.write("data/memory.db", "NEWER DB")
        try h.write("data/memory.db-wal", "STALE WAL")
        try h.write("data/memory.db-shm", "STALE SHM")
        try await h.restore(RestoreOptions(skipSafety: true))
        #expect(h.read("data/memory.db") == "snapshot:DB")
        #expect(!h.exists("data/memory.db-wal"))
        #expect(!h.exists("data/memory.db-shm"))
    }

    /// SPEC item 9: transfers run concurrently, within the limit.
    @Test func item09_restoreTransfersWithBoundedConcurrency() async throws {
        let h = try EngineHarness(transferConcurrency: 4)
        for i in 0..<24 { try h.write("data/f\(i).txt", "file \(i)") }
        try await h.push()
        let other = try freshMachine(h)
        h.store.setLatency(.milliseconds(20), for: .getBytes)
        h.store.resetCalls()
        try await other.restore(RestoreOptions(skipSafety: true))
        #expect(h.store.peakConcurrentCalls > 1)
        #expect(h.store.peakConcurrentCalls <= 4)
        #expect(other.read("data/f23.txt") == "file 23")
    }

    /// SPEC item 17: a safety snapshot of the current state is pushed first, carrying unchanged
    /// files by server-side copy; it is not a regular snapshot, survives pruning, can be listed,
    /// restored from, and removed on request.
    @Test func item17_safetySnapshotCarriesUnchangedFilesByCopyAndIsKeptApart() async throws {
        let h = try EngineHarness(keep: 1)
        try h.write("config/settings.json", "v1")
        try h.write("data/a.txt", "a")
        let first = try await h.push()
        try h.write("config/settings.json", "v2")
        try await h.push()  // keep = 1: the first snapshot is pruned
        try h.write("data/a.txt", "local edit")
        h.spy.reset()
        // Restore the newest (v2): the safety snapshot holds "local edit" and v2 (copied).
        let summary = try await h.restore()
        let safety = "test-backup/" + (try #require(summary.safetySnapshot)) + "/"
        #expect(safety.hasPrefix("test-backup/safety-"))
        let copies = h.spy.copies.get()
        #expect(copies.map(\.to) == [safety + "config/settings.json"])
        #expect(h.spy.puts.get().map(\.key).filter { !$0.hasSuffix("/manifest.json") } == [safety + "data/a.txt"])
        #expect(h.read("data/a.txt") == "a")
        // Not a regular snapshot; listed on request; never pruned by a push.
        let listing = try await h.engine().snapshots(includeSafety: true)
        #expect(listing.snapshots.count == 1)
        #expect(listing.snapshots.first?.id != first.snapshot)
        let safetyInfo = try #require(listing.safety?.first)
        #expect(safetyInfo.files == 2)
        try h.write("data/a.txt", "another")
        try await h.push()
        #expect(h.store.keys.contains { $0.hasPrefix(safety) })
        // Undo the restore from it.
        try await h.restore(RestoreOptions(snapshot: try SnapshotRef(parsing: safetyInfo.id), skipSafety: true))
        #expect(h.read("data/a.txt") == "local edit")
        // Removed only when asked.
        let pruned = try await h.engine().prune(policy: .keepLast(1), removeSafety: true)
        #expect(pruned.deletedSafety == [safetyInfo.safetyFolder!])
        #expect(!h.store.keys.contains { $0.contains("/safety-") })
    }
}
