import CAgentBackupOpenSSL

/// One-shot SHA-256 of bytes behind a pointer (chunks inside a read buffer), without copying
/// them into an array first.
enum ChunkHash {
    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = EVP_Digest(bytes.baseAddress, bytes.count, &digest, &length, OpenSSLAlgorithms.sha256, nil)
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed: the OpenSSL 3 installation is broken")
        return digest
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { sha256($0) }
    }
}
