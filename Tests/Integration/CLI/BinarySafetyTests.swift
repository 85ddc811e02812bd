import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Issue #17 with the built binary against SeaweedFS (which keeps reporting emptied folders):
/// safety snapshots restored by their one name, unreadable manifests, the passphrase check,
/// no phantom messages, incremental pushes without the local cache.
@Suite("agent-backup binary: safety snapshots, key check, phantom folders, no cache", .serialized)
struct BinarySafetyTests {
    /// A client straight to the test bucket (closed by the caller).
    func client(_ env: S3BackedBinary) throws -> S3Client {
        try S3Client(configuration: S3Configuration(
            endpoint: env.s3.endpoint, region: env.s3.region, bucket: env.s3.bucket, accessKeyId: env.s3.accessKeyID,
            secretAccessKey: env.s3.secretAccessKey))
    }

    func json(_ result: BinaryResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any] ?? [:]
    }

    func push(_ env: S3BackedBinary) throws -> [String: Any] {
        let result = try env.binary.run(["push", "--agent", "goose", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        return try json(result)
    }

    var historyPath: String { ".local/state/goose/history.txt" }

    /// Item 1: `restore --snapshot safety-…/<id>` as `snapshots --safety --json` gives it, which
    /// takes its own safety snapshot; verify and prune --remove-safety take the same name.
    @Test func item1_aSafetySnapshotRestoresByItsOneName() throws {
        let env = try S3BackedBinary("safety-restore")
        try env.writeGooseState()
        _ = try push(env)
        try env.binary.home.write(Array("local edit\n".utf8), to: historyPath)
        let restore = try env.binary.run(["restore", "--agent", "goose", "--json"])
        #expect(restore.exitCode == 0, "\(restore)")
        let safety = try #require(try json(restore)["safetySnapshot"] as? String)
        #expect(restore.standardError.contains("restore --snapshot \(safety)"), "\(restore)")

        let listed = try env.binary.run(["snapshots", "--agent", "goose", "--safety", "--json"])
        #expect(listed.exitCode == 0, "\(listed)")
        let entries = try json(listed)["safety"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["id"] as? String } == [safety])
        let text = try env.binary.run(["snapshots", "--agent", "goose", "--safety"])
        #expect(text.standardOutput.contains("\n\(safety)  4 files"), "\(text)")

        let verify = try env.binary.run(["verify", "--agent", "goose", "--snapshot", safety])
        #expect(verify.exitCode == 0, "\(verify)")
        let dry = try env.binary.run(["restore", "--agent", "goose", "--snapshot", safety, "--dry-run"])
        #expect(dry.exitCode == 0, "\(dry)")
        let undo = try env.binary.run(["restore", "--agent", "goose", "--snapshot", safety, "--json"])
        #expect(undo.exitCode == 0, "\(undo)")
        #expect(env.binary.home.read(historyPath).map { String(decoding: $0, as: UTF8.self) } == "local edit\n")
        let second = try #require(try json(undo)["safetySnapshot"] as? String)
        #expect(second != safety)

        let removed = try env.binary.run(["prune", "--agent", "goose", "--remove-safety", safety])
        #expect(removed.exitCode == 0, "\(removed)")
        let left = try json(try env.binary.run(["snapshots", "--agent", "goose", "--safety", "--json"]))["safety"] as? [[String: Any]]
        #expect(left?.compactMap { $0["id"] as? String } == [second])
    }

    /// Item 2: a manifest sealed under another passphrase is listed as unreadable, the others
    /// as usual, exit 1, with `--json` too.
    @Test func item2_anUnreadableManifestDoesNotHideTheOthers() async throws {
        let env = try S3BackedBinary("unreadable")
        try env.writeGooseState()
        let first = try #require(try push(env)["snapshot"] as? String)
        try env.binary.home.write(Array("more\n".utf8), to: historyPath)
        let second = try #require(try push(env)["snapshot"] as? String)
        // The first snapshot's manifest replaced by the second's sealed under another passphrase.
        let store = try client(env)
        let codec = EncryptingCodec(passphrase: "another passphrase")
        let plain = try Manifest.decode(try EncryptingCodec(passphrase: "correct horse battery staple")
            .decode(try await store.get(key: "\(env.prefix)/\(first)/manifest.json", maxBytes: 1 << 20), objectName: "m"))
        try await store.put(key: "\(env.prefix)/\(first)/manifest.json", body: .bytes(try codec.encode(plain.encoded())),
                            contentType: "application/octet-stream")
        try await store.close()

        let listed = try env.binary.run(["snapshots", "--agent", "goose", "--json"])
        #expect(listed.exitCode == 1, "\(listed)")
        let entries = try json(listed)["snapshots"] as? [[String: Any]] ?? []
        #expect(entries.compactMap { $0["id"] as? String } == [first, second])
        #expect(entries.first?["unreadable"] as? String != nil)
        #expect(entries.last?["unreadable"] == nil)
        #expect(entries.last?["files"] as? Int == 4)
        let text = try env.binary.run(["snapshots", "--agent", "goose"])
        #expect(text.exitCode == 1)
        #expect(text.standardOutput.contains("\(first)  UNREADABLE: "), "\(text)")
        #expect(text.standardOutput.contains("\(second)  4 files"), "\(text)")
        let verify = try env.binary.run(["verify", "--agent", "goose", "--all"])
        #expect(verify.exitCode == 1, "\(verify)")
        #expect(verify.standardOutput.contains("\(first)  UNREADABLE: "), "\(verify)")
        #expect(verify.standardOutput.contains("\(second)  verified: 4 files"), "\(verify)")
    }

    /// Item 3: a push (and a prune) with another passphrase is refused before writing anything.
    @Test func item3_anotherPassphraseIsRefusedBeforeWriting() async throws {
        let env = try S3BackedBinary("keycheck")
        try env.writeGooseState()
        let first = try #require(try push(env)["snapshot"] as? String)
        try env.binary.home.write(Array("more\n".utf8), to: historyPath)
        let store = try client(env)
        let before = try await store.listAll(prefix: env.prefix + "/").objects.map(\.key)
        env.binary.environment["B2_ENCRYPTION_KEY"] = "not the passphrase"
        let refused = try env.binary.run(["push", "--agent", "goose"])
        #expect(refused.exitCode == 2, "\(refused)")
        #expect(refused.standardError.contains("does not open snapshot \(first)"), "\(refused)")
        let prune = try env.binary.run(["prune", "--agent", "goose", "--keep-last", "1"])
        #expect(prune.exitCode == 2, "\(prune)")
        let after = try await store.listAll(prefix: env.prefix + "/").objects.map(\.key)
        try await store.close()
        #expect(after == before)
        env.binary.environment["B2_ENCRYPTION_KEY"] = "correct horse battery staple"
        let right = try push(env)
        #expect(right["uploaded"] as? Int == 1)
        #expect(right["copied"] as? Int == 3)
    }

    /// Item 5: SeaweedFS keeps listing emptied folders; pushes and prunes report only what they
    /// actually deleted, once.
    @Test func item5_emptiedFoldersAreNotReportedAgain() throws {
        let env = try S3BackedBinary("phantom")
        env.binary.environment["B2_KEEP_SNAPSHOTS"] = "1"
        try env.writeGooseState()
        let first = try #require(try push(env)["snapshot"] as? String)
        var pruned: [[String]] = []
        for round in 1...3 {
            try env.binary.home.write(Array("round \(round)\n".utf8), to: historyPath)
            pruned.append(try push(env)["pruned"] as? [String] ?? [])
        }
        #expect(pruned.map(\.count) == [1, 1, 1])
        #expect(pruned.first == [first])
        let prune = try env.binary.run(["prune", "--agent", "goose", "--json"])
        #expect(prune.exitCode == 0, "\(prune)")
        let summary = try json(prune)
        #expect((summary["deletedSnapshots"] as? [String]) == [])
        #expect((summary["deletedIncomplete"] as? [String]) == [])
        let text = try env.binary.run(["prune", "--agent", "goose"])
        #expect(text.standardOutput.hasSuffix("kept 1 snapshot(s), deleted 0 (0 objects)\n"), "\(text)")
        #expect(!text.standardError.contains("incomplete"), "\(text)")
        #expect(try env.snapshotIDs().count == 1)
    }

    /// Item 7: the local cache cleared, a push uploads only the changed file.
    @Test func item7_aPushWithoutTheCacheIsIncremental() throws {
        let env = try S3BackedBinary("nocache")
        try env.writeGooseState()
        _ = try push(env)
        try FileManager.default.removeItem(atPath: env.binary.home.path(".agent-backup/goose"))
        try env.binary.home.write(Array("more\n".utf8), to: historyPath)
        let summary = try push(env)
        #expect(summary["outcome"] as? String == "pushed")
        #expect(summary["uploaded"] as? Int == 1)
        #expect(summary["copied"] as? Int == 3)
        let again = try push(env)
        #expect(again["outcome"] as? String == "noChanges")
    }
}
