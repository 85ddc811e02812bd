import AgentBackupFixtures
import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// Encryption off: bytes are stored as they are, and a file that looks like an envelope is
/// still just data (SPEC item 12: no sniffing).
@Suite struct PlainCodecTests {
    @Test func copiesFilesWithTheirDigest() throws {
        let codec = Codecs.plain()
        #expect(codec.encrypts == false)
        let bytes = CryptoTestKit.pattern(count: 2 * Codecs.chunkSize + 3)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(bytes, to: dir + "/in")
            let up = try codec.encode(file: dir + "/in", to: dir + "/stored")
            let down = try codec.decode(file: dir + "/stored", to: dir + "/out", objectName: "o")
            #expect(up == ContentDigest(sha256: SHA256Digest.hex(bytes), size: Int64(bytes.count)))
            #expect(down == up)
            #expect(try CryptoTestKit.read(dir + "/stored") == bytes)
            #expect(try CryptoTestKit.read(dir + "/out") == bytes)
        }
    }

    @Test func neverDecryptsAFileThatStartsWithB2EN() throws {
        let codec = Codecs.plain()
        let lookalike = try Fixtures.bytes("encryption/hello.b2en")
        #expect(B2ENHeader.isEnvelope(lookalike))
        #expect(try codec.decode(lookalike, objectName: "x") == lookalike)
        #expect(try codec.encode(lookalike) == lookalike)
        try CryptoTestKit.withScratchDirectory { dir in
            let digest = try codec.decode(file: Fixtures.url("encryption/hello.b2en").path, to: dir + "/out", objectName: "x")
            #expect(try CryptoTestKit.read(dir + "/out") == lookalike)
            #expect(digest.sha256 == SHA256Digest.hex(lookalike))
        }
    }
}
