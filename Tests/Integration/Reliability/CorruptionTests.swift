import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

/// Objects damaged in the bucket: every restore and verify notices (exit 3, the file named),
/// and no local file changes.
@Suite("Reliability: corrupted objects", .serialized)
struct CorruptionTests {
    /// The snapshot's files and a different local state a restore would overwrite.
    static let snapshot = TreeFiles.generate(seed: 77, count: 5, maxSize: 200_000)
        .merging(["sessions/victim.jsonl": Array(String(repeating: "{\"role\":\"user\"}\n", count: 500).utf8)]) { $1 }
    static var local: [String: [UInt8]] {
        snapshot.mapValues { $0 + Array("local change\n".utf8) }
    }

    /// Damages one object, then checks restore and verify refuse, naming `named`, and that
    /// the root is untouched; undoes the damage.
    static func expectDetected(
        _ rig: ReliabilityRig, key: String, tamper: ObjectTamper, named: String, what: String,
        restoreExit: Int32 = 3, verify verifyCommand: [String] = ["verify"]
    ) async throws {
        let store = try rig.store()
        let original = try await tamper.apply(to: key, in: store)
        try TreeFiles.replace(rig.root, with: local)
        let restore = try await rig.run(["restore", "--no-safety"])
        #expect(restore.exitCode == restoreExit, "\(what): restore \(restore)")
        #expect(restore.standardError.contains(named), "\(what): restore does not name \(named): \(restore)")
        #expect(TreeFiles.differences(TreeFiles.read(rig.root), local).isEmpty, "\(what): the restore changed local files")
        let verify = try await rig.run(verifyCommand)
        #expect(verify.exitCode == restoreExit, "\(what): verify \(verify)")
        #expect(verify.standardError.contains(named) || verify.standardOutput.contains(named), "\(what): verify does not name \(named): \(verify)")
        #expect(rig.workAreaLeftovers().isEmpty, "\(what): \(rig.workAreaLeftovers())")
        try await store.put(key: key, body: .bytes(original), contentType: "application/octet-stream")
        try await store.close()
    }

    @Test("each part of an encrypted file object, damaged or removed, is detected")
    func encryptedFileObject() async throws {
        let rig = try ReliabilityRig("corrupt-file")
        try TreeFiles.write(Self.snapshot, into: rig.root)
        let push = try await rig.run(["push"])
        try #require(push.exitCode == 0, "\(push)")
        let snapshot = try #require(try await rig.completeSnapshots().last)
        let key = "\(rig.prefix)/\(snapshot)/data/sessions/victim.jsonl"
        var cases = ObjectTamper.envelopeRegions
        cases += [("truncated below a header", .truncate(to: 63)), ("truncated by one", .truncate(to: -1)),
                  ("one byte appended", .append), ("object deleted", .delete)]
        for (what, tamper) in cases {
            try await Self.expectDetected(rig, key: key, tamper: tamper, named: "data/sessions/victim.jsonl", what: what)
        }
        // Undamaged again, the same restore works and gives back the snapshot.
        try TreeFiles.replace(rig.root, with: Self.local)
        let restore = try await rig.run(["restore", "--no-safety"])
        #expect(restore.exitCode == 0, "\(restore)")
        expectSameTree(TreeFiles.read(rig.root), Self.snapshot)
        #expect(rig.sentinelIntact)
    }

    @Test("a damaged encrypted manifest is detected; a deleted one leaves only older snapshots")
    func encryptedManifest() async throws {
        let rig = try ReliabilityRig("corrupt-manifest")
        var older = Self.snapshot
        older["sessions/older-only.txt"] = Array("older\n".utf8)
        try TreeFiles.write(older, into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        try TreeFiles.replace(rig.root, with: Self.snapshot)
        try #require(try await rig.run(["push"]).exitCode == 0)
        let snapshots = try await rig.completeSnapshots()
        try #require(snapshots.count == 2)
        let manifestKey = "\(rig.prefix)/\(snapshots[1])/manifest.json"
        let regions = ObjectTamper.envelopeRegions + [("truncated manifest", .truncate(to: 100)), ("manifest plus a byte", .append)]
        for (what, tamper) in regions {
            try await Self.expectDetected(rig, key: manifestKey, tamper: tamper, named: "manifest.json", what: "manifest " + what)
        }
        // Without its manifest the newest snapshot is incomplete: named explicitly it is refused
        // (exit 2, the manifest named); the latest complete one is the older snapshot.
        let store = try rig.store()
        let original = try await ObjectTamper.delete.apply(to: manifestKey, in: store)
        try TreeFiles.replace(rig.root, with: Self.local)
        let named = try await rig.run(["restore", "--no-safety", "--snapshot", snapshots[1]])
        #expect(named.exitCode == 2, "\(named)")
        #expect(named.standardError.contains(snapshots[1]), "\(named)")
        expectSameTree(TreeFiles.read(rig.root), Self.local)
        let latest = try await rig.run(["restore", "--no-safety"])
        #expect(latest.exitCode == 0, "\(latest)")
        expectSameTree(TreeFiles.read(rig.root), older)
        try await store.put(key: manifestKey, body: .bytes(original), contentType: "application/octet-stream")
        try await store.close()
    }

    @Test("in an unencrypted backup, a damaged file or manifest is detected too")
    func plain() async throws {
        let rig = try ReliabilityRig("corrupt-plain", encrypt: false)
        try TreeFiles.write(Self.snapshot, into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        let snapshot = try #require(try await rig.completeSnapshots().last)
        let fileKey = "\(rig.prefix)/\(snapshot)/data/sessions/victim.jsonl"
        for tamper in [ObjectTamper.flip(at: 10), .truncate(to: -1), .append, .delete] {
            try await Self.expectDetected(rig, key: fileKey, tamper: tamper, named: "data/sessions/victim.jsonl", what: "plain \(tamper)")
        }
        // A manifest whose JSON no longer parses, or whose hash of a file changed.
        let manifestKey = "\(rig.prefix)/\(snapshot)/manifest.json"
        try await Self.expectDetected(rig, key: manifestKey, tamper: .truncate(to: -2), named: "manifest.json", what: "plain manifest cut")
        let store = try rig.store()
        let text = String(decoding: try await store.get(key: manifestKey, maxBytes: 1 << 20), as: UTF8.self)
        let hash = try #require(Self.hash(of: "data/sessions/victim.jsonl", in: text))
        let forged = text.replacingOccurrences(of: hash, with: String(hash.reversed()))
        try await store.put(key: manifestKey, body: .bytes(Array(forged.utf8)), contentType: "application/json")
        try TreeFiles.replace(rig.root, with: Self.local)
        let restore = try await rig.run(["restore", "--no-safety"])
        #expect(restore.exitCode == 3, "\(restore)")
        #expect(restore.standardError.contains("data/sessions/victim.jsonl"), "\(restore)")
        expectSameTree(TreeFiles.read(rig.root), Self.local)
        try await store.put(key: manifestKey, body: .bytes(Array(text.utf8)), contentType: "application/json")
        try await store.close()
    }

    /// The `"hash"` of `path` in a pretty-printed manifest.
    static func hash(of path: String, in manifest: String) -> String? {
        guard let start = manifest.range(of: "\"\(path)\"") else { return nil }
        let rest = manifest[start.upperBound...]
        guard let hashKey = rest.range(of: "\"hash\": \"") else { return nil }
        return String(rest[hashKey.upperBound...].prefix(64))
    }
}
