import AgentBackupFixtures
import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// The hasher streams files, reports the digest the manifest needs, and counts what it reads.
@Suite struct OpenSSLHasherTests {
    @Test func digestsFilesAndCountsReads() throws {
        let hasher = OpenSSLHasher()
        let onemib = try hasher.digest(ofFile: Fixtures.url("encryption/onemib.plain").path)
        #expect(onemib == ContentDigest(sha256: "be330b898d490e747c2ba7fc44e1dc3fd90a976b21f44ad90a1b80689c9f7c98", size: 1_048_576))
        let empty = try hasher.digest(ofFile: Fixtures.url("encryption/empty.plain").path)
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" && empty.size == 0)
        #expect(hasher.filesRead == 2)
        #expect(hasher.bytesRead == 1_048_576)
        _ = hasher.digest(of: [1, 2, 3])
        #expect(hasher.filesRead == 2)
    }

    @Test func largerThanOneChunk() throws {
        let bytes = CryptoTestKit.pattern(count: 3 * Codecs.chunkSize + 11)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(bytes, to: dir + "/f")
            #expect(try OpenSSLHasher().digest(ofFile: dir + "/f") == OpenSSLHasher().digest(of: bytes))
        }
    }

    @Test func missingFileNamesThePath() throws {
        let error = try #require(throws: FileSystemError.self) { try OpenSSLHasher().digest(ofFile: "/nonexistent/agent-backup-x") }
        #expect(error.path == "/nonexistent/agent-backup-x")
        #expect(error.operation == "open")
        #expect(error.message.contains("No such file"))
    }
}
