import CAgentBackupOpenSSL

/// The algorithm objects fetched once from the default provider. An explicit fetch avoids the
/// provider lookup (and its lock) that `EVP_sha256()` and friends cost on every init.
/// They are immutable C objects, safe to read from any thread, hence `nonisolated(unsafe)`.
enum OpenSSLAlgorithms {
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA2-256", nil)
    nonisolated(unsafe) static let aes256GCM: OpaquePointer? = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil)
}
