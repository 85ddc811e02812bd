import CAgentBackupOpenSSL

/// MD5, only because S3 demands a `Content-MD5` header on DeleteObjects. Never used for integrity
/// of our own data (that is SHA-256 and the GCM tag).
public enum MD5Digest {
    /// The 16-byte MD5 of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_md5(), nil)
        }
        precondition(ok == 1 && length == 16, "libcrypto MD5 failed: the OpenSSL 3 installation is broken")
        return digest
    }
}
