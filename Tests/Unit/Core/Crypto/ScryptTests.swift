import AgentBackupInfrastructure
import Testing

/// scrypt(N=16384, r=8, p=1, 32 bytes) matches the reference engine's fixed-salt vectors,
/// including a non-ASCII passphrase (its UTF-8 bytes, not normalized).
@Suite struct ScryptTests {
    @Test func matchesTheThreeKDFVectors() throws {
        let vectors = try CryptoTestKit.vectors().kdfVectors
        #expect(vectors.count == 3)
        #expect(vectors.contains { $0.passphrase == "pässwörd 🔑" })
        for vector in vectors {
            let key = try Scrypt.deriveKey(passphrase: vector.passphrase, salt: try #require(Hex.decode(vector.saltHex)))
            #expect(key.count == 32)
            #expect(key.isEqual(to: try #require(Hex.decode(vector.keyHex))), "passphrase \(vector.passphrase)")
        }
    }

    @Test func differentSaltGivesDifferentKey() throws {
        let a = try Scrypt.deriveKey(passphrase: "p", salt: [UInt8](repeating: 0, count: 32))
        let b = try Scrypt.deriveKey(passphrase: "p", salt: [UInt8](repeating: 1, count: 32))
        let bBytes = b.withUnsafeBytes { Array($0) }
        #expect(a.isEqual(to: bBytes) == false)
    }
}
