import AgentBackupFixtures
import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// The streaming sealer and opener (for upload and download bodies) agree with the whole-object
/// forms whatever the chunking, and the opener only vouches for data at `finish`.
@Suite struct StreamSealerOpenerTests {
    /// Splits `bytes` into chunks of the given sizes (cycled), the way a network delivers them.
    private func chunks(_ bytes: [UInt8], sizes: [Int]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var offset = 0, index = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + sizes[index % sizes.count])
            out.append(Array(bytes[offset..<end]))
            offset = end
            index += 1
        }
        return out
    }

    @Test func sealedStreamOpensWholeAndInOtherChunks() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let plaintext = CryptoTestKit.pattern(count: 300_001)
        let sealer = try codec.makeSealer()
        #expect(sealer.placeholderHeader.count == 64)
        var ciphertext: [UInt8] = []
        for var chunk in chunks(plaintext, sizes: [1, 4095, 65_536, 7]) {
            try sealer.update(&chunk)
            ciphertext += chunk
        }
        let (header, digest) = try sealer.finish()
        #expect(Array(header.prefix(48)) == Array(sealer.placeholderHeader.prefix(48)))
        #expect(B2ENHeader(parsing: header)?.salt == codec.runSalt)
        #expect(digest == ContentDigest(sha256: SHA256Digest.hex(plaintext), size: Int64(plaintext.count)))
        #expect(try codec.decode(header + ciphertext, objectName: "s") == plaintext)

        let opener = try codec.makeOpener(header: header, objectName: "s")
        var opened: [UInt8] = []
        for var chunk in chunks(ciphertext, sizes: [100_000, 3]) {
            try opener.update(&chunk)
            opened += chunk
        }
        #expect(try opener.finish(objectName: "s") == digest)
        #expect(opened == plaintext)
    }

    @Test func openerThrowsAtFinishForTamperedStream() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let blob = try Fixtures.bytes("encryption/hello.tampered-ciphertext.b2en")
        let opener = try codec.makeOpener(header: blob.prefix(64), objectName: "hello")
        var body = Array(blob[64...])
        try opener.update(&body)  // releases bytes, but they are not vouched for
        let error = try #require(throws: CryptoError.self) { try opener.finish(objectName: "hello") }
        #expect(error.code == .authenticationFailed && error.objectName == "hello")
    }

    @Test func openerRefusesAHeaderThatIsNotB2EN() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let short = try #require(throws: CryptoError.self) { try codec.makeOpener(header: [UInt8](repeating: 0x42, count: 10), objectName: "x") }
        #expect(short.code == .notEncrypted && short.message.contains("only 10 bytes"))
        let wrongMagic = try #require(throws: CryptoError.self) { try codec.makeOpener(header: [UInt8](repeating: 0x42, count: 64), objectName: "x") }
        #expect(wrongMagic.code == .notEncrypted && wrongMagic.message.contains("no B2EN header"))
    }
}
