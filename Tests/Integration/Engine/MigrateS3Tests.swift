import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport
import AgentBackupFixtures

/// `migrate` on a real S3 server: the reference engine's bucket moves to a new prefix under a new
/// passphrase (server-side copies between prefixes), and every snapshot restores byte-identical.
@Suite struct MigrateS3Tests {
    @Test func theReferenceEnginesBucketMovesUnderANewPassphrase() async throws {
        try await withEngineWorld("migrate") { world in
            try await world.loadReferenceBucket()
            let newPassphrase = "moved on S3"
            let moved = ReferenceRepositoryOpener(store: world.client, codec: Codecs.encrypting(passphrase: newPassphrase), hasher: OpenSSLHasher(),
                                                  fileSystem: PosixFileSystem(), prefix: world.root + "/moved")
            let summary = try await world.engine(prefix: "agent-backup-fixture").migrate(to: moved)
            let ids = Array(ReferenceBucketRestoreTests.snapshots.prefix(3).map(\.id))
            #expect(summary.snapshots.map(\.snapshot) == ids)
            #expect(summary.snapshots.dropFirst().allSatisfy { $0.reused > 0 }, "unchanged files are copied server-side")
            let engine = BackupEngine(repositories: moved, hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(),
                                      scratch: PrivateScratchSpace(fileSystem: PosixFileSystem()), sqlite: SQLiteOnlineSnapshotter(), clock: SystemClock(),
                                      configuration: EngineConfiguration(prefix: world.root + "/moved", cacheDirectory: world.directory.path("cache-moved")))
            for id in ids {
                let folder = "restored-\(id)"
                let restored = try await engine.restore(world.target(in: folder),
                                                        options: RestoreOptions(snapshot: try SnapshotRef(parsing: id), skipSafety: true))
                let manifest = try Manifest.decode(try Fixtures.bytes("bucket/manifests/agent-backup-fixture__\(id).json"))
                #expect(restored.files == manifest.files.count)
                for path in manifest.sortedPaths {
                    #expect(world.read("\(folder)/\(path)") == (try Fixtures.bytes("bucket/plain/agent-backup-fixture/\(id)/\(path)")), "\(id)/\(path)")
                }
            }
            // The source is unchanged and still restores with its own passphrase.
            let verified = try await world.engine(prefix: "agent-backup-fixture", cache: "cache-source").verify(snapshot: nil)
            #expect(verified.snapshot == ids.last)
        }
    }
}
