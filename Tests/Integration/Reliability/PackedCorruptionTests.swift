@testable import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Packs damaged in the bucket (packed layout, SeaweedFS): `restore` and `verify --read-data`
/// name the damaged object, exit non-zero, and no local file changes.
@Suite("Reliability: corrupted packs", .serialized)
struct PackedCorruptionTests {
    static func pushed(_ name: String) async throws -> (ReliabilityRig, pack: String) {
        let rig = try ReliabilityRig(name, layout: .packed)
        try TreeFiles.write(CorruptionTests.snapshot, into: rig.root)
        let push = try await rig.run(["push"])
        try #require(push.exitCode == 0, "\(push)")
        let packs = try await rig.keys().filter { $0.hasPrefix(rig.prefix + "/data/") }
        try #require(packs.count == 1, "one pack holds the small snapshot: \(packs)")
        return (rig, packs[0])
    }

    /// Damage to the blobs fails restore and verify --read-data (exit 3, the pack named, no local
    /// file changed). Damage to the pack's sealed header only (its last bytes) is not in any blob
    /// a restore reads: the restore gives back exactly the snapshot's bytes, and verify
    /// --read-data (which reads headers) names the pack.
    @Test("flipped bytes, a truncated pack, a deleted pack: restore and verify --read-data name it and exit 3; header damage never yields a wrong file")
    func damagedPack() async throws {
        let (rig, pack) = try await Self.pushed("corrupt-pack")
        let store = try rig.store()
        let size = try await store.get(key: pack, maxBytes: 64 << 20).count
        let id = String(pack.split(separator: "/").last!)
        let blobDamage: [(String, ObjectTamper)] = [
            ("first byte (a blob's nonce)", .flip(at: 0)), ("a middle byte", .flip(at: size / 2)),
            ("truncated to half", .truncate(to: size / 2)), ("deleted", .delete),
        ]
        for (what, tamper) in blobDamage {
            try await CorruptionTests.expectDetected(rig, key: pack, tamper: tamper, named: id, what: "pack " + what, verify: ["verify", "--read-data"])
        }
        for (what, tamper) in [("header's last byte", ObjectTamper.flip(at: -1)), ("truncated by one", .truncate(to: -1))] {
            let original = try await tamper.apply(to: pack, in: store)
            try TreeFiles.replace(rig.root, with: CorruptionTests.local)
            let restore = try await rig.run(["restore", "--no-safety"])
            #expect(restore.exitCode == 0, "\(what): \(restore)")
            expectSameTree(TreeFiles.read(rig.root), CorruptionTests.snapshot, "\(what): a restore wrote other bytes than the snapshot's")
            let verify = try await rig.run(["verify", "--read-data"])
            #expect(verify.exitCode == 3, "\(what): verify --read-data \(verify)")
            #expect((verify.standardError + verify.standardOutput).contains(id), "\(what): verify --read-data does not name the pack: \(verify)")
            try await store.put(key: pack, body: .bytes(original), contentType: "application/octet-stream")
        }
        try await store.close()
        #expect(rig.sentinelIntact)
    }

    /// An index (sealed with the repository's key, so it opens) whose last blob lies past the
    /// end of its pack: refused (the index or the pack named), exit non-zero, no local change.
    @Test("a blob pointing past the pack: restore and verify --read-data name the object and exit non-zero")
    func blobLengthPastThePack() async throws {
        let (rig, pack) = try await Self.pushed("corrupt-blob-length")
        let store = try rig.store()
        let settings = PackedRepositorySettings(prefix: rig.prefix, passphrase: rig.passphrase, cacheFolder: nil, transfers: 2)
        let repository = try await PackedRepository.open(store: store, settings: settings, clock: SystemClock())
        let indexKey = try #require(try await rig.keys().first { $0.hasPrefix(rig.prefix + "/index/") })
        let original = try await store.get(key: indexKey, maxBytes: 64 << 20)
        var document = try repository.context.indexes.decode(original, object: indexKey)
        document.packs[0].blobs[document.packs[0].blobs.count - 1].offset += document.packs[0].length
        let forged = try PackedDocument.encode(document.encoded(), compress: true, cipher: repository.context.cipher)
        let forgedKey = repository.context.keys.index(BlobID.hashing(forged))
        try await store.delete(keys: [indexKey])
        try await store.put(key: forgedKey, body: .bytes(forged), contentType: "application/octet-stream")
        let id = String(pack.split(separator: "/").last!)
        try TreeFiles.replace(rig.root, with: CorruptionTests.local)
        let restore = try await rig.run(["restore", "--no-safety"])
        #expect(restore.exitCode != 0, "\(restore)")
        #expect(restore.standardError.contains(id) || restore.standardError.contains(forgedKey), "restore does not name the pack or the index: \(restore)")
        #expect(TreeFiles.differences(TreeFiles.read(rig.root), CorruptionTests.local).isEmpty, "the restore changed local files")
        let verify = try await rig.run(["verify", "--read-data"])
        #expect(verify.exitCode != 0, "\(verify)")
        let said = verify.standardError + verify.standardOutput
        #expect(said.contains(id) || said.contains(forgedKey), "verify does not name the pack or the index: \(verify)")
        try await store.close()
    }
}
