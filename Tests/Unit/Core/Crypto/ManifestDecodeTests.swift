import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// SPEC item 7: with encryption on, a plain-JSON manifest is refused; with it off, it is read.
@Suite struct ManifestDecodeTests {
    let json = Array(#"{"version": 1, "timestamp": "2026-02-09T10:04:05.123Z", "files": {}}"#.utf8)

    @Test func encryptingCodecRefusesPlainManifest() throws {
        let error = try #require(throws: CryptoError.self) {
            try Codecs.encrypting(passphrase: "p").decodeManifest(json, objectName: "goose-backup/s/manifest.json")
        }
        #expect(error.code == .plaintextManifestRefused)
        #expect(error.objectName == "goose-backup/s/manifest.json")
        #expect(error.message.contains("encryption is on"))
    }

    @Test func encryptingCodecOpensEncryptedManifest() throws {
        let codec = Codecs.encrypting(passphrase: "p")
        #expect(try codec.decodeManifest(try codec.encode(json), objectName: "m") == json)
    }

    @Test func tamperedManifestIsAnAuthenticationFailureNotARefusal() throws {
        let codec = Codecs.encrypting(passphrase: "p")
        var sealed = try codec.encode(json)
        sealed[70] ^= 0x20
        let error = try #require(throws: CryptoError.self) { try codec.decodeManifest(sealed, objectName: "m") }
        #expect(error.code == .authenticationFailed)
    }

    @Test func plainCodecReadsPlainManifest() throws {
        #expect(try Codecs.plain().decodeManifest(json, objectName: "m") == json)
        #expect(Codecs.forRun(passphrase: nil).encrypts == false)
        #expect(Codecs.forRun(passphrase: "p").encrypts == true)
    }
}
