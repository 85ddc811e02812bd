import AgentBackupPorts
import CAgentBackupOpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG (salts and GCM nonces).
public enum SecureRandom {
    /// `count` random bytes. Throws `CryptoError(.library)` if the generator cannot be seeded.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else { throw openSSLFailure("RAND_bytes") }
        return out
    }
}
