import AgentBackupPorts
import CAgentBackupOpenSSL

/// One AES-256-GCM decryption (no associated data) fed chunk by chunk. The plaintext it releases
/// is UNTRUSTED until `finish()` returns true: only then has the tag been verified.
/// Owns its `EVP_CIPHER_CTX`: one per object and per task.
final class AESGCMDecryptor {
    private let context: OpaquePointer

    /// `tag` is the expected tag from the envelope header; it is checked by `finish()`.
    init(key: SecureBytes, nonce: [UInt8], tag: [UInt8]) throws {
        precondition(key.count == 32 && nonce.count == AESGCMEncryptor.nonceLength && tag.count == AESGCMEncryptor.tagLength,
                     "AES-256-GCM needs a 32-byte key, a 12-byte nonce and a 16-byte tag")
        guard let cipher = OpenSSLAlgorithms.aes256GCM, let context = EVP_CIPHER_CTX_new() else {
            throw openSSLFailure("AES-256-GCM setup")
        }
        self.context = context
        let ok = key.withUnsafeBytes { keyBytes in
            nonce.withUnsafeBytes { nonceBytes in
                EVP_DecryptInit_ex2(context, cipher,
                                    keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                    nonceBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), nil)
            }
        }
        guard ok == 1 else { throw openSSLFailure("EVP_DecryptInit_ex2") }
        let tagSet = tag.withUnsafeBytes { tagBytes in
            EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, Int32(tagBytes.count),
                                UnsafeMutableRawPointer(mutating: tagBytes.baseAddress))
        }
        guard tagSet == 1 else { throw openSSLFailure("setting the GCM tag") }
    }

    /// Decrypts `chunk` in place. The result is not authentic yet.
    func update(inPlace chunk: UnsafeMutableRawBufferPointer) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var written: Int32 = 0
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        guard chunk.count <= Int(Int32.max),
              EVP_DecryptUpdate(context, bytes, &written, bytes, Int32(chunk.count)) == 1,
              Int(written) == chunk.count
        else { throw openSSLFailure("EVP_DecryptUpdate") }
    }

    /// Verifies the tag over everything fed so far: true when the data is authentic.
    func finish() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 32)
        var written: Int32 = 0
        let authentic = EVP_DecryptFinal_ex(context, &scratch, &written) > 0
        if !authentic { ERR_clear_error() }  // a rejected tag leaves a queued error behind
        return authentic
    }

    deinit {
        EVP_CIPHER_CTX_free(context)
    }
}
