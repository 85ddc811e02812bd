import CAgentBackupOpenSSL

/// One-shot SHA-256 of bytes in memory (SigV4 payload and canonical-request hashes, manifests).
/// For files use `SHA256Stream` or `OpenSSLHasher`, which never hold the whole file.
public enum SHA256Digest {
    /// The 32-byte SHA-256 of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, OpenSSLAlgorithms.sha256, nil)
        }
        // Only a broken libcrypto install fails here; a wrong digest must never be returned.
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed: the OpenSSL 3 installation is broken")
        return digest
    }

    /// Lower-case hex SHA-256 of `bytes` (the manifest's `hash`, SigV4's hashed payload).
    public static func hex(_ bytes: [UInt8]) -> String {
        Hex.encode(hash(bytes))
    }

    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text` (SigV4's canonical request).
    public static func hex(_ text: String) -> String {
        hex(Array(text.utf8))
    }
}
