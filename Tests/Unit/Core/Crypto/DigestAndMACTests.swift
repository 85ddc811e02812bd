import AgentBackupInfrastructure
import Testing

/// SHA-256 (FIPS 180-2 examples), HMAC-SHA256 (RFC 4231) and hex, the primitives the SigV4
/// signer and the manifest rely on.
@Suite struct DigestAndMACTests {
    @Test func sha256OfPublishedExamples() {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Digest.hash(Array("abc".utf8)).count == 32)
    }

    @Test func streamingEqualsOneShotAcrossUnevenChunks() throws {
        let bytes = CryptoTestKit.pattern(count: 100_003)
        let stream = try SHA256Stream()
        var offset = 0
        for size in [0, 1, 63, 64, 65, 4096, 50_000] where offset < bytes.count {
            let end = min(offset + size, bytes.count)
            stream.update(Array(bytes[offset..<end]))
            offset = end
        }
        stream.update(Array(bytes[offset...]))
        #expect(stream.finish() == SHA256Digest.hash(bytes))
    }

    @Test func hmacRFC4231Case1() {
        let mac = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0x0b, count: 20), message: "Hi There")
        #expect(Hex.encode(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func hmacRFC4231Case2() {
        let mac = HMACSHA256.authenticationCode(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func hmacRFC4231Case6KeyLongerThanBlock() {
        let mac = HMACSHA256.authenticationCode(key: [UInt8](repeating: 0xaa, count: 131),
                                                message: "Test Using Larger Than Block-Size Key - Hash Key First")
        #expect(Hex.encode(mac) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func hexRoundTripsAndRejectsGarbage() {
        #expect(Hex.encode([0x00, 0xde, 0xad, 0xff]) == "00deadff")
        #expect(Hex.decode("00DEadff") == [0x00, 0xde, 0xad, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func randomBytesDiffer() throws {
        let a = try SecureRandom.bytes(32)
        let b = try SecureRandom.bytes(32)
        #expect(a.count == 32 && a != b)
    }

    /// RFC 1321's test suite: S3's Content-MD5 on DeleteObjects must be exactly this.
    @Test func md5OfRFC1321Examples() {
        #expect(Hex.encode(MD5Digest.hash([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(Hex.encode(MD5Digest.hash(Array("abc".utf8))) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(Hex.encode(MD5Digest.hash(Array("message digest".utf8))) == "f96b697d7cb7938d525a2f31aaf161d0")
    }
}
