import AgentBackupFixtures
import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// The reference engine's blobs open with our codec, on both the file and the in-memory path,
/// and its negative cases fail with the right error.
@Suite struct FixtureVectorTests {
    @Test(arguments: CryptoTestKit.blobNames)
    func referenceBlobDecryptsInMemory(name: String) throws {
        let vector = try #require(try CryptoTestKit.vectors().files[name])
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let plaintext = try codec.decode(Fixtures.bytes("encryption/\(name)"), objectName: name)
        #expect(plaintext == (try Fixtures.bytes("encryption/\(vector.plaintext)")))
        #expect(SHA256Digest.hex(plaintext) == vector.plaintextSha256)
    }

    @Test(arguments: CryptoTestKit.blobNames)
    func referenceBlobDecryptsFileToFile(name: String) throws {
        let vector = try #require(try CryptoTestKit.vectors().files[name])
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            let out = dir + "/plain"
            let digest = try codec.decode(file: Fixtures.url("encryption/\(name)").path, to: out, objectName: name)
            #expect(digest == ContentDigest(sha256: vector.plaintextSha256, size: Int64(vector.plaintextSize)))
            #expect(try CryptoTestKit.read(out) == (try Fixtures.bytes("encryption/\(vector.plaintext)")))
        }
    }

    @Test(arguments: CryptoTestKit.blobNames)
    func referenceBlobHeaderParsesToTheVectorsParts(name: String) throws {
        let vector = try #require(try CryptoTestKit.vectors().files[name])
        let blob = try Fixtures.bytes("encryption/\(name)")
        let header = try #require(B2ENHeader(parsing: blob))
        #expect(blob.count == vector.blobSize)
        #expect(Hex.encode(header.salt) == vector.saltHex)
        #expect(Hex.encode(header.nonce) == vector.ivHex)
        #expect(Hex.encode(header.tag) == vector.tagHex)
        #expect(header.bytes == Array(blob.prefix(64)))
    }

    @Test(arguments: CryptoTestKit.blobNames)
    func ourScryptGivesEachBlobsDerivedKey(name: String) throws {
        let vector = try #require(try CryptoTestKit.vectors().files[name])
        let key = try Scrypt.deriveKey(passphrase: CryptoTestKit.passphrase, salt: try #require(Hex.decode(vector.saltHex)))
        #expect(key.isEqual(to: try #require(Hex.decode(vector.derivedKeyHex))))
    }

    @Test(arguments: ["hello.tampered-tag.b2en", "hello.tampered-ciphertext.b2en"])
    func tamperedBlobFailsAuthentication(name: String) throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let memoryError = try #require(throws: CryptoError.self) {
            try codec.decode(Fixtures.bytes("encryption/\(name)"), objectName: "snap/\(name)")
        }
        #expect(memoryError.code == .authenticationFailed)
        #expect(memoryError.objectName == "snap/\(name)")
        #expect(memoryError.description.hasPrefix("snap/\(name): authentication failed: wrong passphrase"))
        try CryptoTestKit.withScratchDirectory { dir in
            let out = dir + "/plain"
            let fileError = try #require(throws: CryptoError.self) {
                try codec.decode(file: Fixtures.url("encryption/\(name)").path, to: out, objectName: name)
            }
            #expect(fileError.code == .authenticationFailed)
            #expect(fileError.objectName == name)
            // The untrusted plaintext does not stay behind.
            #expect(try CryptoTestKit.read(out).isEmpty)
        }
    }

    @Test func shortBlobIsNotAnEncryptedObject() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let blob = try Fixtures.bytes("encryption/short-63-bytes.bin")
        #expect(blob.count == 63 && B2ENHeader.isEnvelope(blob) == false)
        let memoryError = try #require(throws: CryptoError.self) { try codec.decode(blob, objectName: "short") }
        #expect(memoryError.code == .notEncrypted)
        #expect(memoryError.message.hasPrefix("not an encrypted object (only 63 bytes"))
        try CryptoTestKit.withScratchDirectory { dir in
            let out = dir + "/plain"
            let fileError = try #require(throws: CryptoError.self) {
                try codec.decode(file: Fixtures.url("encryption/short-63-bytes.bin").path, to: out, objectName: "short")
            }
            #expect(fileError.code == .notEncrypted)
            #expect(fileError.objectName == "short")
            #expect(FileManager.default.fileExists(atPath: out) == false)
        }
        #expect(codec.keyDerivations == 0)
    }

    @Test func wrongPassphraseFailsAuthentication() throws {
        let codec = Codecs.encrypting(passphrase: "wrong passphrase")
        let error = try #require(throws: CryptoError.self) {
            try codec.decode(Fixtures.bytes("encryption/hello.b2en"), objectName: "goose-backup/s/hello")
        }
        #expect(error.code == .authenticationFailed)
        #expect(error.objectName == "goose-backup/s/hello")
        #expect(error.message.contains("passphrase"))
    }
}
