import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport
import AgentBackupFixtures

/// Compatibility with buckets written by the reference engine 0.3.0 (Tests/Fixtures/data/bucket).
@Suite struct ReferenceBucketRestoreTests {
    static let snapshots: [(prefix: String, id: String, encrypted: Bool)] = [
        ("agent-backup-fixture", "2026-11-25T12-57-24-347Z", true),
        ("agent-backup-fixture", "2026-11-25T12-57-25-995Z", true),
        ("agent-backup-fixture", "2026-11-25T12-57-27-557Z", true),
        ("agent-backup-fixture-plain", "2026-11-25T12-57-28-102Z", false),
    ]

    /// (a) Every snapshot of the reference bucket, encrypted and plain, restores byte-identically
    /// (compared with the reference's own decryption in `bucket/plain/`), and verifies.
    @Test func everyReferenceSnapshotRestoresByteIdentically() async throws {
        try await withEngineWorld("reference-restore") { world in
            try await world.loadReferenceBucket()
            for snapshot in Self.snapshots {
                let folder = "restore-\(snapshot.id)"
                let engine = world.engine(prefix: snapshot.prefix, encrypted: snapshot.encrypted, cache: "cache-\(snapshot.id)")
                let summary = try await engine.restore(world.target(in: folder),
                                                       options: RestoreOptions(snapshot: try SnapshotRef(parsing: snapshot.id), skipSafety: true))
                let manifest = try Manifest.decode(try Fixtures.bytes("bucket/manifests/\(snapshot.prefix)__\(snapshot.id).json"))
                #expect(summary.files == manifest.files.count)
                #expect(summary.downloaded == manifest.files.count)
                #expect(world.files(under: folder) == manifest.sortedPaths.map(\.string).sorted())
                for path in manifest.sortedPaths {
                    let expected = try Fixtures.bytes("bucket/plain/\(snapshot.prefix)/\(snapshot.id)/\(path)")
                    #expect(world.read("\(folder)/\(path)") == expected, "\(snapshot.prefix)/\(snapshot.id)/\(path)")
                    #expect(OpenSSLHasher().digest(of: expected).sha256 == manifest.files[path]?.hash)
                }
                // The restored database holds all 8 rows (3 were only in the reference's WAL).
                let db = try SQLiteConnection(path: world.directory.path("\(folder)/data/memory.db"), readOnly: true)
                #expect(try db.integer("SELECT count(*) FROM memory") == 8)
                #expect(try db.integrityProblems() == nil)
                try db.close()
                // Afterwards the cache is the restored manifest, byte for byte.
                #expect(world.read("cache-\(snapshot.id)/manifest.json") == (try Fixtures.bytes("bucket/manifests/\(snapshot.prefix)__\(snapshot.id).json")))
                let verified = try await engine.verify(snapshot: try SnapshotRef(parsing: snapshot.id))
                #expect(verified.files == manifest.files.count)
            }
            let listing = try await world.engine(prefix: "agent-backup-fixture").snapshots(includeSafety: true)
            #expect(listing.snapshots.map(\.id) == Array(Self.snapshots.prefix(3).map(\.id)))
            #expect(listing.snapshots.map(\.files) == [12, 11, 10])
        }
    }

    /// A push that continues from the reference engine's local cache carries unchanged files by
    /// server-side copy from the reference's snapshot, and restores byte-identically.
    @Test func pushContinuingFromTheReferenceCacheCopiesFromItsSnapshot() async throws {
        try await withEngineWorld("reference-continue") { world in
            try await world.loadReferenceBucket()
            // The push3 source tree (with the live WAL sidecars) and the cache after push3.
            try Self.writePush3Source(into: world)
            try world.directory.write(try Fixtures.bytes("bucket/cache/after-push3.manifest.json"), to: "cache/manifest.json")
            let engine = world.engine(prefix: "agent-backup-fixture")
            let summary = try await engine.push(world.target(in: "tree"))
            #expect(summary.outcome == .pushed)
            #expect(summary.previousSnapshotMissing == false)
            #expect(summary.added == 0 && summary.deleted == 0)
            // Only the database can differ (our snapshot copy is in journal_mode=DELETE).
            #expect(summary.copied >= 9)
            #expect(summary.copied + summary.uploaded == 10)
            let restored = try await world.engine(prefix: "agent-backup-fixture", cache: "cache-restore")
                .restore(world.target(in: "restored"), options: RestoreOptions(skipSafety: true))
            #expect(restored.snapshot == summary.snapshot)
            for path in try Manifest.decode(try Fixtures.bytes("bucket/cache/after-push3.manifest.json")).sortedPaths.map(\.string) where path != "data/memory.db" {
                #expect(world.read("restored/" + path) == world.read("tree/" + path), "\(path)")
            }
            let db = try SQLiteConnection(path: world.directory.path("restored/data/memory.db"), readOnly: true)
            #expect(try db.integer("SELECT count(*) FROM memory") == 8)
            try db.close()
        }
    }

    /// Issue #17 item 7: on a bucket the reference engine wrote, a push with NO local cache reads
    /// the newest manifest and carries every unchanged file forward by copy.
    @Test func pushWithoutACacheOnTheReferenceBucketCopiesUnchangedFiles() async throws {
        try await withEngineWorld("reference-nocache") { world in
            try await world.loadReferenceBucket()
            try Self.writePush3Source(into: world)
            let summary = try await world.engine(prefix: "agent-backup-fixture", cache: "cache-none").push(world.target(in: "tree"))
            #expect(summary.outcome == .pushed)
            #expect(summary.added == 0 && summary.deleted == 0)
            // Only the database can differ (our snapshot copy is in journal_mode=DELETE).
            #expect(summary.copied >= 9)
            #expect(summary.copied + summary.uploaded == 10)
            let restored = try await world.engine(prefix: "agent-backup-fixture", cache: "cache-restore-none")
                .restore(world.target(in: "restored"), options: RestoreOptions(skipSafety: true))
            #expect(restored.snapshot == summary.snapshot)
            #expect(world.read("restored/config/settings.json") == world.read("tree/config/settings.json"))
        }
    }

    /// The reference's push3 source tree (with the live WAL sidecars) under `tree/`.
    static func writePush3Source(into world: EngineIntegrationWorld) throws {
        let source = Fixtures.url("bucket/source/push3").path
        for relative in try FileManager.default.subpathsOfDirectory(atPath: source) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            try world.directory.write(try Fixtures.bytes("bucket/source/push3/" + relative), to: "tree/" + relative)
        }
    }
}
