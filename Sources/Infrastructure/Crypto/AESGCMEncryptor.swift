import AgentBackupPorts
import CAgentBackupOpenSSL

/// One AES-256-GCM encryption (no associated data) fed chunk by chunk, through OpenSSL's EVP
/// cipher (AES-NI/VAES). Owns its `EVP_CIPHER_CTX`: one per object and per task.
final class AESGCMEncryptor {
    /// GCM's 96-bit nonce.
    static let nonceLength = 12
    /// Full 128-bit tag.
    static let tagLength = 16
    /// GCM's limit for one message under one nonce: 2^39 − 256 bits.
    static let maxPlaintextBytes: Int64 = (1 << 36) - 32

    private let context: OpaquePointer
    private var processed: Int64 = 0

    init(key: SecureBytes, nonce: [UInt8]) throws {
        precondition(key.count == 32 && nonce.count == Self.nonceLength, "AES-256-GCM needs a 32-byte key and a 12-byte nonce")
        guard let cipher = OpenSSLAlgorithms.aes256GCM, let context = EVP_CIPHER_CTX_new() else {
            throw openSSLFailure("AES-256-GCM setup")
        }
        self.context = context
        let ok = key.withUnsafeBytes { keyBytes in
            nonce.withUnsafeBytes { nonceBytes in
                EVP_EncryptInit_ex2(context, cipher,
                                    keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    nonceBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), nil)
            }
        }
        guard ok == 1 else { throw openSSLFailure("EVP_EncryptInit_ex2") }
    }

    /// Encrypts `chunk` in place (GCM is a stream mode: ciphertext length = plaintext length).
    func update(inPlace chunk: UnsafeMutableRawBufferPointer) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        processed += Int64(chunk.count)
        guard processed <= Self.maxPlaintextBytes else {
            throw CryptoError(.library, message: "too large for one AES-GCM envelope: the limit is 64 GiB per object")
        }
        var written: Int32 = 0
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        guard chunk.count <= Int(Int32.max),
              EVP_EncryptUpdate(context, bytes, &written, bytes, Int32(chunk.count)) == 1,
              Int(written) == chunk.count
        else { throw openSSLFailure("EVP_EncryptUpdate") }
    }

    /// Ends the message and returns its 16-byte tag.
    func finish() throws -> [UInt8] {
        var scratch = [UInt8](repeating: 0, count: 32)
        var written: Int32 = 0
        guard EVP_EncryptFinal_ex(context, &scratch, &written) == 1, written == 0 else {
            throw openSSLFailure("EVP_EncryptFinal_ex")
        }
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &tag) == 1 else {
            throw openSSLFailure("reading the GCM tag")
        }
        return tag
    }

    deinit {
        EVP_CIPHER_CTX_free(context)  // also wipes the expanded key schedule
    }
}
