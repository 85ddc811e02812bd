import AgentBackupPorts

/// Streaming envelopes: a file of any size in one pass, memory bounded by one 1 MiB chunk.
extension EncryptingCodec {
    /// Reads `source` once, hashing and encrypting each chunk in the same pass, and writes the
    /// envelope to `destination` (created or truncated, mode 0600): the 64-byte header with a
    /// zero tag first, then the ciphertext, then the real tag patched in at offset 48.
    /// Returns the plaintext's digest. Nothing is fsynced: the caller decides.
    /// On failure `destination` holds a partial envelope; the caller deletes it.
    public func encode(file source: String, to destination: String) throws -> ContentDigest {
        let (salt, key) = try keys.runKey()
        let nonce = try SecureRandom.bytes(AESGCMEncryptor.nonceLength)
        let encryptor = try AESGCMEncryptor(key: key, nonce: nonce)
        let input = try mappingIOErrors(objectName: source) { try PosixFile.openForReading(source) }
        return try mappingIOErrors(objectName: destination) {
            let output = try PosixFile.createForWriting(destination)
            let placeholder = B2ENHeader(salt: salt, nonce: nonce, tag: [UInt8](repeating: 0, count: AESGCMEncryptor.tagLength))
            try placeholder.bytes.withUnsafeBytes { try output.write($0) }
            let digest = try mappingIOErrors(objectName: source) {
                try ChunkPipeline.run(from: input, to: output, plaintext: .input) { try encryptor.update(inPlace: $0) }
            }
            try output.write(try encryptor.finish(), at: Int64(B2ENHeader.tagOffset))
            try output.close()
            return digest
        }
    }

    /// Reads the envelope `source` and writes the plaintext to `destination` (created or
    /// truncated, mode 0600) chunk by chunk, hashing it on the way; returns its digest.
    ///
    /// The tag is only known to verify at the very end: until this returns, `destination` holds
    /// UNTRUSTED bytes. When the tag fails it is cut to zero bytes and `CryptoError`
    /// `.authenticationFailed` naming `objectName` is thrown; the caller deletes it. A source
    /// shorter than 64 bytes or without the magic throws `.notEncrypted` and `destination` is
    /// not created.
    public func decode(file source: String, to destination: String, objectName: String) throws -> ContentDigest {
        try mappingIOErrors(objectName: objectName) {
            let input = try PosixFile.openForReading(source)
            var headerBytes = [UInt8](repeating: 0, count: B2ENHeader.size)
            let headerCount = try headerBytes.withUnsafeMutableBytes { try input.readFully(into: $0) }
            guard let header = B2ENHeader(parsing: headerBytes.prefix(headerCount)) else {
                throw CryptoError.notEncrypted(objectName, byteCount: headerCount < B2ENHeader.size ? Int64(headerCount) : nil)
            }
            let key = try keys.key(forSalt: header.salt)
            let decryptor = try AESGCMDecryptor(key: key, nonce: header.nonce, tag: header.tag)
            let output = try PosixFile.createForWriting(destination)
            let digest = try ChunkPipeline.run(from: input, to: output, plaintext: .output) { try decryptor.update(inPlace: $0) }
            guard decryptor.finish() else {
                output.truncateToEmpty()
                throw CryptoError.authenticationFailed(objectName)
            }
            try output.close()
            return digest
        }
    }
}
