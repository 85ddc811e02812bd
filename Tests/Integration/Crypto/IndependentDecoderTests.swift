import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// What we write is standard B2EN: Python's `cryptography` AESGCM + `hashlib.scrypt`
/// (scripts/independent-decoder.py, no shared code) opens every object and gets the same digests.
@Suite struct IndependentDecoderTests {
    let passphrase = "correct horse battery staple"

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crypto-independent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func decoder(_ arguments: [String]) throws -> CryptoChildProcess.Result {
        let script = try CryptoChildProcess.repositoryRoot().appendingPathComponent("scripts/independent-decoder.py").path
        return try CryptoChildProcess.run(try CryptoChildProcess.python(), [script] + arguments)
    }

    @Test func pythonOpensATreeWeWrote() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let codec = Codecs.encrypting(passphrase: passphrase)
        let plaintexts: [String: [UInt8]] = [
            "goose/empty.txt": [],
            "goose/hello.txt": Array("hello".utf8),
            "goose/sub dir/big.bin": (try SecureRandom.bytes(3 * Codecs.chunkSize + 17)),
            "goose/ünïcode 🔑.json": Array(#"{"ключ": "値"}"#.utf8),
        ]
        var expected: [String: String] = [:]
        let staging = dir.appendingPathComponent("plain")
        let objects = dir.appendingPathComponent("objects")
        for (path, bytes) in plaintexts {
            let source = staging.appendingPathComponent(path), target = objects.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: source)
            expected[path] = try codec.encode(file: source.path, to: target.path).sha256
        }
        let manifest = Array(#"{"version": 1}"#.utf8)
        try Data(try codec.encode(manifest)).write(to: objects.appendingPathComponent("manifest.json"))
        expected["manifest.json"] = SHA256Digest.hex(manifest)

        let result = try decoder(["--passphrase", passphrase, "--out", dir.appendingPathComponent("decrypted").path, objects.path])
        #expect(result.status == 0, "\(result.stderr)")
        var seen: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            try #require(fields.count == 2, "unexpected line \(line)")
            seen[fields[1]] = fields[0]
        }
        #expect(seen == expected)
        #expect(codec.keyDerivations == 1)
        let big = try Data(contentsOf: dir.appendingPathComponent("decrypted/goose/sub dir/big.bin"))
        #expect([UInt8](big) == plaintexts["goose/sub dir/big.bin"])
    }

    @Test func pythonRejectsOurEnvelopeUnderAnotherPassphraseOrTampered() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var sealed = try Codecs.encrypting(passphrase: passphrase).encode(Array("secret".utf8))
        let good = dir.appendingPathComponent("good.b2en"), bad = dir.appendingPathComponent("bad.b2en")
        try Data(sealed).write(to: good)
        sealed[sealed.count - 1] ^= 0x01
        try Data(sealed).write(to: bad)

        let accepted = try decoder(["--passphrase", passphrase, good.path])
        #expect(accepted.status == 0)
        #expect(accepted.stdout.hasPrefix(SHA256Digest.hex("secret") + "\t"))
        let wrong = try decoder(["--passphrase", "wrong", good.path])
        #expect(wrong.status == 1 && wrong.stderr.contains("InvalidTag"))
        let tampered = try decoder(["--passphrase", passphrase, bad.path])
        #expect(tampered.status == 1 && tampered.stderr.contains("InvalidTag"))
    }
}
