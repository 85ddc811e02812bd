import AgentBackupFixtures
import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// One scrypt per run: one salt for every object a codec writes, a fresh nonce each time, and
/// keys for other salts cached (bounded) when reading.
@Suite struct EncryptingCodecKeyTests {
    @Test func oneSaltPerCodecAndFreshNonces() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        #expect(codec.runSalt == nil && codec.keyDerivations == 0)
        var salts: Set<[UInt8]> = []
        var nonces: Set<[UInt8]> = []
        for index in 0..<50 {
            let header = try #require(B2ENHeader(parsing: try codec.encode([UInt8(index)])))
            salts.insert(header.salt)
            nonces.insert(header.nonce)
        }
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write([1, 2, 3], to: dir + "/in")
            for _ in 0..<5 {
                _ = try codec.encode(file: dir + "/in", to: dir + "/env")
                let header = try #require(B2ENHeader(parsing: try CryptoTestKit.read(dir + "/env")))
                salts.insert(header.salt)
                nonces.insert(header.nonce)
            }
        }
        #expect(salts.count == 1)
        #expect(salts.first == codec.runSalt)
        #expect(nonces.count == 55)
        #expect(codec.keyDerivations == 1)
    }

    @Test func twoRunsUseTwoSalts() throws {
        let first = try #require(B2ENHeader(parsing: try Codecs.encrypting(passphrase: "p").encode([])))
        let second = try #require(B2ENHeader(parsing: try Codecs.encrypting(passphrase: "p").encode([])))
        #expect(first.salt != second.salt)
    }

    @Test func concurrentWritersDeriveOnce() async throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let salts = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for index in 0..<8 {
                group.addTask { try #require(B2ENHeader(parsing: try codec.encode([UInt8(index)]))).salt }
            }
            return try await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
        }
        #expect(salts.count == 1)
        #expect(codec.keyDerivations == 1)
    }

    @Test func readingOwnObjectsNeedsNoNewDerivation() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let envelopes = try (0..<10).map { try codec.encode([UInt8]($0..<20)) }
        for (index, envelope) in envelopes.enumerated() {
            #expect(try codec.decode(envelope, objectName: "o") == [UInt8](UInt8(index)..<20))
        }
        #expect(codec.keyDerivations == 1)
    }

    @Test func foreignSaltsAreDerivedOnceEach() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        for _ in 0..<3 {
            for name in CryptoTestKit.blobNames {
                _ = try codec.decode(Fixtures.bytes("encryption/\(name)"), objectName: name)
            }
        }
        #expect(codec.keyDerivations == CryptoTestKit.blobNames.count)
    }

    @Test func keyCacheIsBoundedLeastRecentlyUsed() throws {
        let codec = EncryptingCodec(passphrase: CryptoTestKit.passphrase, keyCacheCapacity: 2)
        let blob = { (name: String) in try Fixtures.bytes("encryption/\(name)") }
        _ = try codec.decode(blob("empty.b2en"), objectName: "a")       // derive 1: [empty]
        _ = try codec.decode(blob("hello.b2en"), objectName: "b")       // derive 2: [empty, hello]
        _ = try codec.decode(blob("empty.b2en"), objectName: "a")       // hit:      [hello, empty]
        #expect(codec.keyDerivations == 2)
        _ = try codec.decode(blob("json-utf8.b2en"), objectName: "c")   // derive 3, evicts hello
        _ = try codec.decode(blob("empty.b2en"), objectName: "a")       // hit
        #expect(codec.keyDerivations == 3)
        _ = try codec.decode(blob("hello.b2en"), objectName: "b")       // derive 4: was evicted
        #expect(codec.keyDerivations == 4)
        // The run key is never evicted by reads.
        let own = try codec.encode([9])
        for name in CryptoTestKit.blobNames { _ = try codec.decode(blob(name), objectName: name) }
        let before = codec.keyDerivations
        #expect(try codec.decode(own, objectName: "own") == [9])
        #expect(codec.keyDerivations == before)
    }
}
