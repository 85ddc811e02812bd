import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

@Suite struct EnginePushTests {
    /// The fixture tree's shape: included, excluded, secret and not-included files.
    func populate(_ h: EngineHarness) throws {
        try h.write("config/settings.json", #"{"temperature":0.2}"#)
        try h.write("config/profiles/default.yaml", "name: default\n")
        try h.write("config/ignored.log", "not included\n")
        try h.write("config/credentials.json", "SECRET\n")
        try h.write("config/secrets/api.token", "SECRET\n")
        try h.write("config/cache/blob.json", "{}")
        try h.write("data/sessions/s1.jsonl", "{\"a\":1}\n")
        try h.write("data/.env", "KEY=SECRET\n")
        try h.write("data/scratch.tmp", "tmp\n")
        try h.write("data/empty.txt", "")
    }

    @Test func pushUploadsIncludedFilesOnlyAndTheManifestLast() async throws {
        let h = try EngineHarness()
        try populate(h)
        let summary = try await h.push()
        #expect(summary.outcome == .pushed)
        #expect(summary.files == 4)
        #expect(summary.uploaded == 4)
        let id = try #require(summary.snapshot)
        let keys = h.store.keys.filter { $0.hasPrefix("test-backup/\(id)/") }.sorted()
        #expect(keys == [
            "test-backup/\(id)/config/profiles/default.yaml", "test-backup/\(id)/config/settings.json",
            "test-backup/\(id)/data/empty.txt", "test-backup/\(id)/data/sessions/s1.jsonl",
            "test-backup/\(id)/manifest.json",
        ])
        #expect(h.spy.puts.get().last?.key == "test-backup/\(id)/manifest.json")
        #expect(h.store.contentType(for: "test-backup/\(id)/manifest.json") == "application/octet-stream")
        let manifest = try h.manifest(id)
        #expect(manifest.timestamp == (try SnapshotID(parsing: id)).isoTimestamp)
        #expect(manifest.files[VirtualPath(unchecked: "config/settings.json")] == ManifestEntry(hash: sha256(#"{"temperature":0.2}"#), size: 19))
        #expect(!h.store.keys.contains { $0.contains("SECRET") || $0.contains("credentials") || $0.contains(".env") || $0.contains("cache/") })
        // The local cache is the manifest plaintext (byte-compatible with the reference cache).
        #expect(h.directory.read("cache/manifest.json") == manifest.encoded())
    }

    @Test func excludedFoldersAreNeverEntered() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        let listed = h.fileSystem.paths(of: .listing, .contents)
        #expect(!listed.contains { $0.hasSuffix("/cache") || $0.hasSuffix("/secrets") })
        #expect(listed.contains { $0.hasSuffix("/profiles") })
    }

    @Test func symbolicLinksAreNotFollowed() async throws {
        let h = try EngineHarness()
        try h.write("outside/secret.json", "outside")
        try h.write("data/real.txt", "real")
        try FileManager.default.createSymbolicLink(atPath: h.directory.path("data/link.txt"), withDestinationPath: h.directory.path("outside/secret.json"))
        try FileManager.default.createSymbolicLink(atPath: h.directory.path("data/linkdir"), withDestinationPath: h.directory.path("outside"))
        let summary = try await h.push()
        #expect(try h.manifest(summary.snapshot!).files.keys.sorted().map(\.string) == ["data/real.txt"])
    }

    @Test func fileRootsContributeOneFileNamedAfterTheirBasename() async throws {
        let h = try EngineHarness()
        let single = try h.write("home/.tool.json", "{\"k\":1}")
        let target = BackupTarget(id: "test", roots: [Root(label: "tool", path: single, kind: .file)],
                                  rules: try PathRules(include: ["^tool/"], exclude: [], secretExclude: [], sqlite: []))
        h.clock.advance(by: 5)
        let summary = try await h.engine().push(target)
        #expect(try h.manifest(summary.snapshot!).files.keys.sorted().map(\.string) == ["tool/.tool.json"])
        try FileManager.default.removeItem(atPath: single)
        h.clock.advance(by: 5)
        _ = try await h.engine().restore(target, options: RestoreOptions(skipSafety: true))
        #expect(h.read("home/.tool.json") == "{\"k\":1}")
    }

    @Test func emptyRootsPushNothing() async throws {
        let h = try EngineHarness()
        try h.write("config/ignored.log", "x")
        let summary = try await h.push()
        #expect(summary.outcome == .noFiles)
        #expect(h.store.totalCallCount == 0)
    }

    /// SPEC item 10: a push with nothing changed reads no file and writes nothing; one HEAD only.
    @Test func item10_noChangePushMakesNoPutNoCopyAndReadsNoFile() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        h.hasher.reset()
        h.spy.reset()
        let encodesBefore = h.codec.fileEncodes
        let summary = try await h.push()
        #expect(summary.outcome == .noChanges)
        #expect(summary.filesRead == 0)
        #expect(h.hasher.reads == 0)
        #expect(h.codec.fileEncodes == encodesBefore)
        #expect(h.store.calls.map(\.operation) == [.head])
        #expect(h.progress.messages.contains("no changes since last push"))
    }

    @Test func item10_onlyChangedFilesAreReadAgain() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        h.hasher.reset()
        try h.write("data/sessions/s1.jsonl", "{\"a\":1}\n{\"b\":2}\n")
        let summary = try await h.push()
        #expect(h.hasher.paths == [h.directory.path("data/sessions/s1.jsonl")])
        #expect(summary.changed == 1)
        #expect(summary.uploaded == 1)
        #expect(summary.copied == 3)
    }

    /// The "racy git" rule: a file modified within the racy window of the scan is hashed again
    /// on the next push even though its metadata did not change.
    @Test func fileModifiedJustBeforeTheScanIsHashedAgainNextTime() async throws {
        let h = try EngineHarness()
        let path = try h.write("data/hot.txt", "v1")
        let nearScanNs = Int64((h.clock.now().timeIntervalSince1970 + 5 - 0.5) * 1e9)
        try h.fileSystem.setModificationTime(path, ns: nearScanNs)
        try await h.push()  // scan starts at now+5: the file is 0.5 s old
        h.hasher.reset()
        try await h.push()
        #expect(h.hasher.paths == [path])
        h.hasher.reset()
        try await h.push()  // the second hash happened long after the mtime: now trusted
        #expect(h.hasher.reads == 0)
    }

    /// SPEC item 13: the cached snapshot is gone (bucket emptied): everything is pushed again.
    @Test func item13_deletedBucketMeansFullRePush() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        for key in h.store.keys { h.store.removeData(for: key) }
        let summary = try await h.push()
        #expect(summary.outcome == .pushed)
        #expect(summary.previousSnapshotMissing)
        #expect(summary.uploaded == 4)
        #expect(summary.copied == 0)
        #expect(try h.manifest(summary.snapshot!).files.count == 4)
    }

    /// A manifest that no longer opens (here: replaced by plain JSON in an encrypted backup) is
    /// not a base, and since it is the newest snapshot the push is refused (issue #17 item 3).
    @Test func item13_replacedManifestOfTheCachedSnapshotRefusesThePush() async throws {
        let h = try EngineHarness()
        try populate(h)
        let first = try await h.push()
        h.store.setData(Array("{}".utf8), for: "test-backup/\(first.snapshot!)/manifest.json")
        try h.write("data/new.txt", "new")
        let keys = h.store.keys
        let error = await #expect(throws: EngineError.self) { try await h.push() }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("does not open snapshot \(first.snapshot!)") == true)
        #expect(h.store.keys == keys)
    }

    /// SPEC item 6: carry-forward copies from the snapshot the cache describes, never from a newer
    /// snapshot another machine wrote (whose object for the same path holds other bytes).
    @Test func item06_carryForwardOnlyFromTheCachedSnapshot() async throws {
        let h = try EngineHarness()
        try populate(h)
        let ours = try await h.push()
        // Another machine pushes a newer snapshot with other bytes for the same paths.
        let other = try EngineHarness(store: h.store)
        try other.write("config/settings.json", "OTHER MACHINE")
        try other.write("data/sessions/s1.jsonl", "OTHER MACHINE")
        other.clock.set(h.clock.now().addingTimeInterval(30))
        _ = try await other.engine().push(other.target)
        // We change one file and push: unchanged files come from OUR snapshot.
        try h.write("data/empty.txt", "now with content")
        h.clock.advance(by: 60)
        h.spy.reset()
        let next = try await h.engine().push(h.target)
        let sources = Set(h.spy.copies.get().map { $0.from.split(separator: "/")[1] })
        #expect(sources == [Substring(ours.snapshot!)])
        let restored = try EngineHarness(store: h.store)
        restored.clock.set(h.clock.now().addingTimeInterval(10))
        _ = try await restored.engine().restore(restored.target, options: RestoreOptions(snapshot: try SnapshotRef(parsing: next.snapshot!), skipSafety: true))
        #expect(restored.read("config/settings.json") == #"{"temperature":0.2}"#)
        #expect(restored.read("data/sessions/s1.jsonl") == "{\"a\":1}\n")
    }

    /// Turning encryption on (or off) over an existing history is refused before anything is
    /// written: the new mode could not read the old snapshots (issue #17 item 3).
    @Test func switchingEncryptionIsRefused() async throws {
        let h = try EngineHarness(encrypted: false)
        try populate(h)
        let first = try await h.push()
        try h.write("data/new.txt", "new")
        let keys = h.store.keys
        h.clock.advance(by: 5)
        let error = await #expect(throws: EngineError.self) {
            try await h.engine(codec: EncryptingCodec(passphrase: testPassphrase)).push(h.target)
        }
        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("does not open snapshot \(first.snapshot!)") == true)
        #expect(h.store.keys == keys)
        let plain = try await h.push()
        #expect(plain.copied == 4)
        #expect(plain.uploaded == 1)
    }

    @Test func copyFailureFallsBackToUpload() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("data/new.txt", "new")
        h.store.failNext(.copy, times: 2, with: .injected(.notFound, httpStatus: 404, serverCode: "NoSuchKey"))
        let summary = try await h.push()
        #expect(summary.copied == 2)
        #expect(summary.uploaded == 3)
        let restored = try EngineHarness(store: h.store)
        restored.clock.set(h.clock.now().addingTimeInterval(10))
        _ = try await restored.engine().restore(restored.target, options: RestoreOptions(skipSafety: true))
        #expect(restored.read("config/settings.json") == #"{"temperature":0.2}"#)
        #expect(restored.read("data/new.txt") == "new")
    }

    @Test func uploadFailureFailsThePushWithoutAManifest() async throws {
        let h = try EngineHarness()
        try populate(h)
        h.store.failAlways(.put, with: .injected(.permanent, httpStatus: 403, serverCode: "AccessDenied"))
        let error = await #expect(throws: EngineError.self) { try await h.push() }
        #expect(error?.kind == .failed)
        #expect(!h.store.keys.contains { $0.hasSuffix("manifest.json") })
        #expect(!h.exists("cache/manifest.json"))
        #expect(h.files(under: "cache/tmp", named: "run-").isEmpty)
    }

    /// SPEC item 14: for SQLite files, hash AND size are of the snapshot copy, which is uploaded.
    @Test func item14_sqliteHashAndSizeAreOfTheSnapshotCopy() async throws {
        let h = try EngineHarness()
        try h.write("data/memory.db", "LIVE-DB")
        try h.write("data/memory.db-wal", "WAL")
        let summary = try await h.push()
        let manifest = try h.manifest(summary.snapshot!)
        #expect(manifest.files[VirtualPath(unchecked: "data/memory.db")] == ManifestEntry(hash: sha256("snapshot:LIVE-DB"), size: 16))
        #expect(manifest.files[VirtualPath(unchecked: "data/memory.db-wal")] == nil)
        #expect(h.sqlite.calls.get() == [h.directory.path("data/memory.db")])
        // Unchanged (database and WAL metadata as recorded): neither snapshotted nor read again.
        let again = try await h.push()
        #expect(again.outcome == .noChanges)
        #expect(again.filesRead == 0)
        #expect(h.sqlite.calls.get().count == 1)
        // A commit lands in the WAL only: the database file is untouched, yet it is snapshotted.
        try h.write("data/memory.db-wal", "WAL plus one commit")
        try await h.push()
        #expect(h.sqlite.calls.get().count == 2)
    }

    /// A database found unchanged whose previous object cannot be copied is snapshotted at upload
    /// time: the entry describes that copy, never the live file.
    @Test func anUnchangedDatabaseWhoseObjectIsGoneIsSnapshottedForItsUpload() async throws {
        let h = try EngineHarness()
        try h.write("data/memory.db", "LIVE-DB")
        try h.write("data/notes.txt", "one")
        let first = try await h.push()
        h.store.removeData(for: "test-backup/\(first.snapshot!)/data/memory.db")
        try h.write("data/notes.txt", "two")
        let second = try await h.push()
        #expect(h.sqlite.calls.get().count == 2, "snapshotted again for the upload")
        let manifest = try h.manifest(second.snapshot!)
        #expect(manifest.files[VirtualPath(unchecked: "data/memory.db")] == ManifestEntry(hash: sha256("snapshot:LIVE-DB"), size: 16))
        let restored = try await h.restore(RestoreOptions(targetDirectory: h.directory.path("restored")))
        #expect(restored.files == 2)
        #expect(h.read("restored/data/memory.db") == "snapshot:LIVE-DB")
    }

    @Test func sqliteSnapshotFailureIsReportedNotSilentlyCopied() async throws {
        let h = try EngineHarness()
        try h.write("data/memory.db", "LIVE")
        try h.write("data/notes.txt", "notes")
        h.sqlite.failing.update { $0.insert(h.directory.path("data/memory.db")) }
        let error = await #expect(throws: EngineError.self) { try await h.push() }
        #expect(error?.kind == .failed)
        #expect(error?.files == ["data/memory.db"])
        #expect(try h.manifest(h.snapshotIDs().last!).files.keys.sorted().map(\.string) == ["data/notes.txt"])
    }

    /// An unreadable file is named, the rest is backed up, and the push fails (exit 1 at the end).
    @Test func unreadableFileIsReportedTheRestBackedUpAndThePushFails() async throws {
        let h = try EngineHarness()
        try populate(h)
        h.hasher.unreadable.update { $0.insert(h.directory.path("config/settings.json")) }
        h.fileSystem.inject(.permissionDenied(on: [.listing, .contents], at: h.directory.path("config/profiles")))
        let error = await #expect(throws: EngineError.self) { try await h.push() }
        #expect(error?.kind == .failed)
        #expect(Set(error?.files ?? []) == ["config/settings.json", "config/profiles/"])
        #expect(error?.message.contains("Permission denied") == true)
        let manifest = try h.manifest(h.snapshotIDs().last!)
        #expect(manifest.files.keys.sorted().map(\.string) == ["data/empty.txt", "data/sessions/s1.jsonl"])
    }

    @Test func unreadableFileKeepsItsLastBackedUpVersion() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        try h.write("config/settings.json", "changed but unreadable")
        try h.write("data/empty.txt", "changed")
        h.hasher.unreadable.update { $0.insert(h.directory.path("config/settings.json")) }
        h.fileSystem.inject(.permissionDenied(on: [.listing, .contents], at: h.directory.path("config/profiles")))
        await #expect(throws: EngineError.self) { try await h.push() }
        let manifest = try h.manifest(h.snapshotIDs().last!)
        #expect(manifest.files[VirtualPath(unchecked: "config/settings.json")]?.hash == sha256(#"{"temperature":0.2}"#))
        #expect(manifest.files[VirtualPath(unchecked: "config/profiles/default.yaml")]?.hash == sha256("name: default\n"))
        #expect(manifest.files[VirtualPath(unchecked: "data/empty.txt")]?.hash == sha256("changed"))
    }

    /// SPEC item 15: orphan folders (no manifest) older than the newest complete snapshot are
    /// pruned; the private temp area is gone after the run, and stale ones are cleared at start.
    @Test func item15_orphanFoldersArePrunedAndTheTempAreaNeverLingers() async throws {
        let h = try EngineHarness()
        try populate(h)
        h.store.setData(Array("partial".utf8), for: "test-backup/2020-01-01T00-00-00-000Z/data/x")
        let stale = h.directory.path("cache/tmp/run-crashed")
        try FileManager.default.createDirectory(atPath: stale, withIntermediateDirectories: true)
        try h.write("cache/tmp/run-crashed/sqlite-0.db", "plaintext copy")
        let summary = try await h.push()
        #expect(summary.pruned == ["2020-01-01T00-00-00-000Z"])
        #expect(!h.store.keys.contains { $0.contains("2020-01-01") })
        #expect(h.files(under: "cache/tmp", named: "run-").isEmpty)
        let mode = try #require(try h.fileSystem.status(h.directory.path("cache/tmp"))).mode & 0o777
        #expect(mode == 0o700)
    }

    @Test func item15_incompleteFolderNewerThanTheNewestSnapshotIsKept() async throws {
        let h = try EngineHarness()
        try populate(h)
        h.store.setData(Array("in progress".utf8), for: "test-backup/2999-01-01T00-00-00-000Z/data/x")
        try await h.push()
        #expect(h.store.keys.contains("test-backup/2999-01-01T00-00-00-000Z/data/x"))
    }

    /// SPEC item 5: one key derivation for a whole push, whatever the number of files.
    @Test func item05_oneKeyDerivationPerPush() async throws {
        let h = try EngineHarness()
        for i in 0..<20 { try h.write("data/f\(i).txt", "file \(i)") }
        let codec = EncryptingCodec(passphrase: testPassphrase)
        h.clock.advance(by: 5)
        let summary = try await h.engine(codec: codec).push(h.target)
        #expect(summary.uploaded == 20)
        #expect(codec.keyDerivations == 1)
    }

    /// SPEC item 4: a large file body is streamed from a file, never loaded into memory; small
    /// files (up to 1 MiB) are sealed in memory, which bounds memory at concurrency × 1 MiB
    /// and spares a temporary file per file.
    @Test func item04_largeFileBodiesAreStreamedFromFiles() async throws {
        let h = try EngineHarness()
        try populate(h)
        try h.writeBytes("data/large.bin", Array(repeating: 7, count: (1 << 20) + 1))
        try await h.push()
        let puts = h.spy.puts.get()
        #expect(puts.filter(\.isFile).map { $0.key.hasSuffix("/data/large.bin") } == [true])
        #expect(puts.filter { !$0.isFile }.count == 5, "four small files and the manifest")
    }

    @Test func plainModeStoresFilesAsIsAndTheManifestAsJSON() async throws {
        let h = try EngineHarness(encrypted: false)
        try populate(h)
        let summary = try await h.push()
        let id = summary.snapshot!
        #expect(h.store.data(for: "test-backup/\(id)/config/settings.json") == Array(#"{"temperature":0.2}"#.utf8))
        #expect(h.store.contentType(for: "test-backup/\(id)/manifest.json") == "application/json")
        #expect(h.store.data(for: "test-backup/\(id)/manifest.json") == h.directory.read("cache/manifest.json"))
    }

    @Test func snapshotIDsGrowEvenWhenTheClockDoesNot() async throws {
        let h = try EngineHarness(encrypted: false)
        h.clock.set(Date())  // files just written are racy: every change is seen by hashing
        var ids: [SnapshotID] = []
        for round in 0..<12 {
            try h.write("data/a", "round \(round)")
            let summary = try await h.engine().push(h.target)
            ids.append(try SnapshotID(parsing: try #require(summary.snapshot)))
        }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }

    @Test func cacheFolderInsideARootIsRefused() async throws {
        let h = try EngineHarness()
        try h.write("data/a", "1")
        let inside = EngineConfiguration(prefix: "p", cacheDirectory: h.directory.path("data/.cache"))
        let error = await #expect(throws: EngineError.self) { try await h.engine(configuration: inside).push(h.target) }
        #expect(error?.kind == .configuration)
    }

    @Test func progressReportsPhasesAndFiles() async throws {
        let h = try EngineHarness()
        try populate(h)
        try await h.push()
        #expect(h.progress.phases.starts(with: ["scan", "hash"]))
        #expect(h.progress.phases.contains("upload"))
        #expect(h.progress.phases.contains("manifest"))
        #expect(h.progress.filesDone.contains("config/settings.json"))
    }
}
