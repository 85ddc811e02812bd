import AgentBackupPorts
import CAgentBackupOpenSSL

/// The B2EN key derivation: scrypt(passphrase UTF-8, salt, N=16384, r=8, p=1, 32 bytes), exactly as
/// the reference engine (Node `crypto.scryptSync`) does it. Costs about 16 MiB and 25–30 ms, which
/// is why a run derives one key and caches the others by salt.
public enum Scrypt {
    /// CPU/memory cost N.
    public static let costN: UInt64 = 16384
    /// Block size r.
    public static let blockSizeR: UInt64 = 8
    /// Parallelism p.
    public static let parallelismP: UInt64 = 1
    /// Key length in bytes (AES-256).
    public static let keyLength = 32
    /// Memory ceiling handed to OpenSSL: twice the 16 MiB the parameters need.
    static let maxMemory: UInt64 = 64 << 20

    /// Derives the AES key for `salt`. The passphrase bytes are used as given (no normalization),
    /// like Node does with a JavaScript string's UTF-8 form.
    public static func deriveKey(passphrase: SecureBytes, salt: [UInt8]) throws -> SecureBytes {
        let key = SecureBytes(zeroedCount: keyLength)
        let result = passphrase.withUnsafeBytes { pass in
            salt.withUnsafeBytes { saltBytes in
                key.withUnsafeMutableBytes { out in
                    EVP_PBE_scrypt(pass.baseAddress?.assumingMemoryBound(to: CChar.self), pass.count,
                                   saltBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), saltBytes.count,
                                   costN, blockSizeR, parallelismP, maxMemory,
                                   out.baseAddress?.assumingMemoryBound(to: UInt8.self), out.count)
                }
            }
        }
        guard result == 1 else { throw openSSLFailure("EVP_PBE_scrypt") }
        return key
    }

    /// Convenience for a passphrase held as a string (UTF-8 bytes).
    public static func deriveKey(passphrase: String, salt: [UInt8]) throws -> SecureBytes {
        try deriveKey(passphrase: SecureBytes(passphrase.utf8), salt: salt)
    }
}
