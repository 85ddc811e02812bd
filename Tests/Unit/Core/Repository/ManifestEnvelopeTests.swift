@testable import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// SPEC items 7 and 12: a manifest is opened in the run's mode; with encryption on, a plain-JSON
/// manifest is refused, with it off an envelope is a configuration error with the fix.
@Suite struct ManifestEnvelopeTests {
    let json = Array(#"{"version": 1, "timestamp": "2026-02-09T10:04:05.123Z", "files": {}}"#.utf8)
    let key = "goose-backup/s/manifest.json"

    @Test func encryptedModeRefusesAPlainManifest() throws {
        let error = try #require(throws: RepositoryError.self) {
            try ManifestEnvelope.open(json, key: key, codec: Codecs.encrypting(passphrase: "p"))
        }
        #expect(error.kind == .integrity)
        #expect(error.files == [key])
        #expect(error.message.contains("encryption is on"))
    }

    @Test func encryptedModeOpensAnEnvelope() throws {
        let codec = Codecs.encrypting(passphrase: "p")
        #expect(try ManifestEnvelope.open(try codec.encode(json), key: key, codec: codec) == json)
    }

    @Test func aTamperedEnvelopeIsAnIntegrityErrorAskingForThePassphrase() throws {
        let codec = Codecs.encrypting(passphrase: "p")
        var sealed = try codec.encode(json)
        sealed[70] ^= 0x20
        let error = try #require(throws: RepositoryError.self) { try ManifestEnvelope.open(sealed, key: key, codec: codec) }
        #expect(error.kind == .integrity)
        #expect(error.message.contains("passphrase"))
    }

    @Test func plainModeReadsJSONAndNamesTheFixForAnEnvelope() throws {
        #expect(try ManifestEnvelope.open(json, key: key, codec: Codecs.plain()) == json)
        #expect(Codecs.forRun(passphrase: nil).encrypts == false && Codecs.forRun(passphrase: "p").encrypts)
        let sealed = try Codecs.encrypting(passphrase: "p").encode(json)
        let error = try #require(throws: RepositoryError.self) { try ManifestEnvelope.open(sealed, key: key, codec: Codecs.plain()) }
        #expect(error.kind == .configuration)
        #expect(error.message.contains("B2_ENCRYPTION_KEY"))
    }
}
