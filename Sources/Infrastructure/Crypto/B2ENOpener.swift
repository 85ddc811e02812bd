import AgentBackupPorts

/// Opens ONE envelope as a stream (a download body, a file): give it the 64-byte header, then
/// feed the ciphertext chunk by chunk; each chunk is decrypted in place and hashed.
///
/// Everything it releases is UNTRUSTED until `finish(objectName:)` returns: GCM only knows the
/// data is authentic at the very end. Write it to a temp file and delete that file when `finish`
/// throws; never put it in place before.
///
/// Not thread-safe: one opener per object and per task. Made by `EncryptingCodec.makeOpener`.
public final class B2ENOpener {
    private let decryptor: AESGCMDecryptor
    private let hash: SHA256Stream
    private var plaintextBytes: Int64 = 0

    init(header: B2ENHeader, key: SecureBytes) throws {
        decryptor = try AESGCMDecryptor(key: key, nonce: header.nonce, tag: header.tag)
        hash = try SHA256Stream()
    }

    /// Replaces the ciphertext in `chunk` with its (not yet authenticated) plaintext and hashes it.
    public func update(inPlace chunk: UnsafeMutableRawBufferPointer) throws {
        try decryptor.update(inPlace: chunk)
        hash.update(UnsafeRawBufferPointer(chunk))
        plaintextBytes += Int64(chunk.count)
    }

    /// Decrypts and hashes `chunk` in place.
    public func update(_ chunk: inout [UInt8]) throws {
        try chunk.withUnsafeMutableBytes { try update(inPlace: $0) }
    }

    /// Verifies the tag over everything fed. Returns the plaintext's digest when authentic;
    /// throws `CryptoError(.authenticationFailed)` naming `objectName` otherwise. Call once.
    public func finish(objectName: String) throws -> ContentDigest {
        guard decryptor.finish() else { throw CryptoError.authenticationFailed(objectName) }
        return ContentDigest(sha256: Hex.encode(hash.finish()), size: plaintextBytes)
    }
}

extension EncryptingCodec {
    /// An opener for the envelope whose first 64 bytes are `header`. Throws
    /// `CryptoError(.notEncrypted)` when they are not a B2EN header, and derives (or takes from
    /// the cache) the key for the header's salt.
    public func makeOpener(header: some Collection<UInt8>, objectName: String) throws -> B2ENOpener {
        guard let parsed = B2ENHeader(parsing: header) else {
            throw CryptoError.notEncrypted(objectName, byteCount: header.count < B2ENHeader.size ? Int64(header.count) : nil)
        }
        return try B2ENOpener(header: parsed, key: try keys.key(forSalt: parsed.salt))
    }
}
