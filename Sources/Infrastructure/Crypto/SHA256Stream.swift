import AgentBackupPorts
import CAgentBackupOpenSSL

/// Incremental SHA-256 over OpenSSL's EVP digest (SHA-NI when the CPU has it), for files hashed
/// chunk by chunk. Owns its own `EVP_MD_CTX`: make one per task, never share one between tasks.
public final class SHA256Stream {
    private let context: OpaquePointer

    /// Starts an empty digest. Throws only when libcrypto is unusable.
    public init() throws {
        guard let algorithm = OpenSSLAlgorithms.sha256, let context = EVP_MD_CTX_new() else {
            throw openSSLFailure("SHA-256 setup")
        }
        self.context = context
        guard EVP_DigestInit_ex2(context, algorithm, nil) == 1 else { throw openSSLFailure("EVP_DigestInit_ex2") }
    }

    /// Feeds more bytes.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // Cannot fail for SHA-256 with a valid context.
        EVP_DigestUpdate(context, base, bytes.count)
    }

    /// Feeds more bytes.
    public func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The 32-byte digest. Call once; the stream is spent afterwards.
    public func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }

    deinit {
        EVP_MD_CTX_free(context)
    }
}
