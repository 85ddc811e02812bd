import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The packed layout through the built binary (`B2_LAYOUT=packed`) against a `file://` store and
/// against the test S3 server (SeaweedFS).
@Suite("agent-backup with the packed layout, the binary")
struct BinaryPackedLayoutTests {
    enum Backend: String, CaseIterable, CustomStringConvertible {
        case file, s3
        var description: String { rawValue }
    }

    /// The binary pointed at `backend`, and a check that the packed marker (`config`) exists.
    func binary(on backend: Backend) throws -> (BuiltBinary, markerExists: () async throws -> Bool) {
        switch backend {
        case .file:
            let binary = try BuiltBinary()
            let bucket = "\(binary.home.path)/backups"
            binary.environment["B2_ENDPOINT"] = "file://\(bucket)"
            binary.environment["B2_ENCRYPTION_KEY"] = "pw"
            return (binary, { FileManager.default.fileExists(atPath: "\(bucket)/agent-backup/goose-backup/config") })
        case .s3:
            let env = try S3BackedBinary("packed", passphrase: "pw")
            return (env.binary, {
                let client = try S3Client(configuration: S3Configuration(
                    endpoint: env.s3.endpoint, region: env.s3.region, bucket: env.s3.bucket, accessKeyId: env.s3.accessKeyID,
                    secretAccessKey: env.s3.secretAccessKey))
                let found = try await client.head(key: "\(env.prefix)/config") != nil
                try await client.close()
                return found
            })
        }
    }

    @Test(arguments: Backend.allCases)
    func pushChangePushListRestoreVerifyPrune(_ backend: Backend) async throws {
        let (binary, markerExists) = try binary(on: backend)
        binary.environment["B2_LAYOUT"] = "packed"
        var generator = SystemRandomNumberGenerator()
        var big = (0..<400_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try binary.home.write(big, to: ".config/goose/memory/big.bin")
        try binary.home.write(Array("first\n".utf8), to: ".config/goose/memory/a.txt")
        let first = try binary.run(["push", "--agent", "goose"])
        #expect(first.exitCode == 0, "\(first)")
        #expect(try await markerExists(), "the packed marker is written")

        big.replaceSubrange(200_000..<200_010, with: Array("0123456789".utf8))
        try binary.home.write(big, to: ".config/goose/memory/big.bin")
        try binary.home.write(Array("second\n".utf8), to: ".config/goose/memory/b.txt")
        let second = try binary.run(["push", "--agent", "goose"])
        #expect(second.exitCode == 0, "\(second)")

        let snapshots = try binary.run(["snapshots", "--agent", "goose", "--json"])
        #expect(snapshots.exitCode == 0, "\(snapshots)")
        #expect(try snapshotCount(snapshots) == 2, "\(snapshots)")

        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(FileManager.default.contents(atPath: "\(target)/config/memory/big.bin") == Data(big))
        #expect(try String(contentsOfFile: "\(target)/config/memory/a.txt", encoding: .utf8) == "first\n")
        #expect(try String(contentsOfFile: "\(target)/config/memory/b.txt", encoding: .utf8) == "second\n")

        let verify = try binary.run(["verify", "--agent", "goose"])
        #expect(verify.exitCode == 0, "\(verify)")
        let prune = try binary.run(["prune", "--agent", "goose", "--keep-last", "1"])
        #expect(prune.exitCode == 0, "\(prune)")
        #expect(try snapshotCount(try binary.run(["snapshots", "--agent", "goose", "--json"])) == 1)
        let afterPrune = binary.home.path("out2")
        let again = try binary.run(["restore", "--agent", "goose", "--target", afterPrune])
        #expect(again.exitCode == 0, "\(again)")
        #expect(FileManager.default.contents(atPath: "\(afterPrune)/config/memory/big.bin") == Data(big))
        #expect(try binary.run(["verify", "--agent", "goose"]).exitCode == 0)

        binary.environment["B2_LAYOUT"] = "reference"
        let mismatch = try binary.run(["push", "--agent", "goose"])
        #expect(mismatch.exitCode == 2, "\(mismatch)")
        #expect(mismatch.standardError.contains("holds a backup in the packed layout, but the layout is set to \"reference\""), "\(mismatch)")
        #expect(mismatch.standardError.contains("B2_LAYOUT=packed"), "\(mismatch)")
        binary.environment["B2_LAYOUT"] = nil
        #expect(try binary.run(["snapshots", "--agent", "goose"]).exitCode == 2, "reference is the default layout")
    }

    @Test func aReferencePrefixOpenedWithLayoutPackedExitsTwo() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        try binary.home.write(Array("notes\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        binary.environment["B2_LAYOUT"] = "packed"
        let mismatch = try binary.run(["snapshots", "--agent", "goose"])
        #expect(mismatch.exitCode == 2, "\(mismatch)")
        #expect(mismatch.standardError.contains("holds a backup in the reference layout, but the layout is set to \"packed\""), "\(mismatch)")
    }

    private func snapshotCount(_ result: BinaryResult) throws -> Int {
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (object?["snapshots"] as? [[String: Any]])?.count ?? -1
    }
}
