import AgentBackupInfrastructure
import AgentBackupFixtures
import AgentBackupTestSupport
import Foundation
import Testing

/// scripts/packed-decoder.py, written from docs/FORMAT.md alone, restores the checked-in packed
/// test vectors byte-exact (it checks every seal, blob hash and file hash, and exits 0 only then);
/// the files it writes match `expected.json`.
@Suite struct PackedDecoderTests {
    static func script(filePath: String = #filePath) throws -> String {
        var url = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("scripts/packed-decoder.py").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        throw TestEnvironmentMissing(variables: [], purpose: "the packed decoder (scripts/packed-decoder.py not found above \(filePath))")
    }

    @Test(arguments: [("repository-encrypted", ["--passphrase-env", "PACKED_VECTOR_PASSPHRASE"]), ("repository-plain", ["--plain"])])
    func theIndependentDecoderRestoresEverySnapshotByteExact(folder: String, secret: [String]) throws {
        guard let python = ProcessInfo.processInfo.environment["AGENT_BACKUP_TEST_PYTHON"] else {
            throw TestEnvironmentMissing(variables: ["AGENT_BACKUP_TEST_PYTHON"], purpose: "the packed decoder test (a python with cryptography and zstandard)")
        }
        let expected = try JSONDecoder().decode([String: [String: [String: String]]].self, from: Data(try Fixtures.bytes("packed/expected.json")))
        let bucket = Fixtures.url("packed").path + "/" + folder
        for (snapshot, files) in expected {
            let out = NSTemporaryDirectory() + "/packed-decoder-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [try Self.script(), "--dir", bucket, "--prefix", "vectors", "--snapshot", snapshot, "--out", out] + secret
            process.environment = ProcessInfo.processInfo.environment.merging(["PACKED_VECTOR_PASSPHRASE": "correct horse battery staple"]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(folder) \(snapshot)")
            for (path, entry) in files {
                let data = try #require(FileManager.default.contents(atPath: out + "/" + path), "\(path) restored")
                #expect(String(data.count) == entry["size"], "\(snapshot) \(path)")
                #expect(OpenSSLHasher().digest(of: [UInt8](data)).sha256 == entry["sha256"], "\(snapshot) \(path)")
            }
        }
    }
}
