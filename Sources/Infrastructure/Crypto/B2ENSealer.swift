import AgentBackupPorts

/// Seals ONE object as a stream: feed the plaintext chunk by chunk, send each ciphertext chunk
/// on its way, and at the end get the 64-byte header (whose tag only exists then) and the
/// plaintext digest. Memory is one chunk, whatever the object's size.
///
/// Because the tag comes first in a B2EN blob, the caller reserves the first 64 bytes
/// (`placeholderHeader`) and fills them in last: a temp file patched with `pwrite`
/// (`EncryptingCodec.encode(file:to:)`), or an S3 multipart upload whose part 1 (header + first
/// ciphertext) is uploaded last. Never encrypt the same object twice with one sealer's nonce:
/// re-reading a file that changed in between would reuse the nonce with other plaintext.
///
/// Not thread-safe: one sealer per object and per task. Made by `EncryptingCodec.makeSealer()`.
public final class B2ENSealer {
    /// The header with an all-zero tag: the right length and salt/nonce, for reserving space.
    public let placeholderHeader: [UInt8]

    private let salt: [UInt8]
    private let nonce: [UInt8]
    private let encryptor: AESGCMEncryptor
    private let hash: SHA256Stream
    private var plaintextBytes: Int64 = 0

    init(salt: [UInt8], key: SecureBytes) throws {
        self.salt = salt
        nonce = try SecureRandom.bytes(AESGCMEncryptor.nonceLength)
        encryptor = try AESGCMEncryptor(key: key, nonce: nonce)
        hash = try SHA256Stream()
        placeholderHeader = B2ENHeader(salt: salt, nonce: nonce, tag: [UInt8](repeating: 0, count: AESGCMEncryptor.tagLength)).bytes
    }

    /// Hashes the plaintext in `chunk`, then replaces it with its ciphertext (same length).
    public func update(inPlace chunk: UnsafeMutableRawBufferPointer) throws {
        hash.update(UnsafeRawBufferPointer(chunk))
        try encryptor.update(inPlace: chunk)
        plaintextBytes += Int64(chunk.count)
    }

    /// Hashes and encrypts `chunk` in place.
    public func update(_ chunk: inout [UInt8]) throws {
        try chunk.withUnsafeMutableBytes { try update(inPlace: $0) }
    }

    /// Ends the object: the final 64-byte header (tag filled in) and the plaintext's digest.
    /// Call once.
    public func finish() throws -> (header: [UInt8], digest: ContentDigest) {
        let tag = try encryptor.finish()
        let header = B2ENHeader(salt: salt, nonce: nonce, tag: tag).bytes
        return (header, ContentDigest(sha256: Hex.encode(hash.finish()), size: plaintextBytes))
    }
}

extension EncryptingCodec {
    /// A sealer for one object under this run's key (derived now if this is the first object),
    /// with a fresh random nonce.
    public func makeSealer() throws -> B2ENSealer {
        let (salt, key) = try keys.runKey()
        return try B2ENSealer(salt: salt, key: key)
    }
}
