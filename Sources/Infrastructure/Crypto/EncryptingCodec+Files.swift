import AgentBackupPorts

/// Streaming envelopes: a file of any size in one pass, memory bounded by one 1 MiB chunk.
extension EncryptingCodec {
    /// Reads `source` once, hashing and encrypting each chunk in the same pass, and writes the
    /// envelope to `destination` (created or truncated, mode 0600, never through a symbolic
    /// link): the 64-byte header with a zero tag first, then the ciphertext, then the real tag
    /// patched in at offset 48. Returns the plaintext's digest. Nothing is fsynced: the caller
    /// decides. On failure `destination` holds a partial envelope; the caller deletes it.
    public func encode(file source: String, to destination: String) throws -> ContentDigest {
        let sealer = try makeSealer()
        let input = try mappingIOErrors(objectName: source) { try PosixFile.openForReading(source) }
        return try mappingIOErrors(objectName: source) {
            let output = try PosixFile.createForWriting(destination, distinctFrom: input)
            try sealer.placeholderHeader.withUnsafeBytes { try output.write($0) }
            try ChunkPipeline.run(from: input, to: output) { try sealer.update(inPlace: $0) }
            let (header, digest) = try sealer.finish()
            try output.write(Array(header[B2ENHeader.tagOffset...]), at: Int64(B2ENHeader.tagOffset))
            try output.close()
            return digest
        }
    }

    /// Reads the envelope `source` and writes the plaintext to `destination` (created or
    /// truncated, mode 0600, never through a symbolic link) chunk by chunk, hashing it on the
    /// way; returns its digest.
    ///
    /// The tag is only known to verify at the very end: until this returns, `destination` holds
    /// UNTRUSTED bytes. When the tag fails it is cut to zero bytes and `CryptoError`
    /// `.authenticationFailed` naming `objectName` is thrown; the caller deletes it. A source
    /// shorter than 64 bytes or without the magic throws `.notEncrypted` and `destination` is
    /// not created.
    public func decode(file source: String, to destination: String, objectName: String) throws -> ContentDigest {
        try mappingIOErrors(objectName: objectName) {
            let input = try PosixFile.openForReading(source)
            var header = [UInt8](repeating: 0, count: B2ENHeader.size)
            let headerCount = try header.withUnsafeMutableBytes { try input.readFully(into: $0) }
            let opener = try makeOpener(header: header.prefix(headerCount), objectName: objectName)
            let output = try PosixFile.createForWriting(destination, distinctFrom: input)
            try ChunkPipeline.run(from: input, to: output) { try opener.update(inPlace: $0) }
            let digest: ContentDigest
            do {
                digest = try opener.finish(objectName: objectName)
            } catch {
                output.truncateToEmpty()
                throw error
            }
            try output.close()
            return digest
        }
    }

    /// Reads `source` whole (at most `maxBytes`; pass the size the file was measured at) and
    /// seals it in memory in one pass, hashing what was read; nil when the file is larger.
    public func encode(smallFile source: String, maxBytes: Int) throws -> EncodedObject? {
        try mappingIOErrors(objectName: source) {
            let input = try PosixFile.openForReading(source)
            let sealer = try makeSealer()
            let placeholder = sealer.placeholderHeader
            let start = placeholder.count
            // One byte more than allowed tells a file that grew since it was measured; the buffer
            // is not zero-filled first (that cost more than the encryption).
            var stored = try [UInt8](unsafeUninitializedCapacity: start + maxBytes + 1) { buffer, initialized in
                _ = buffer.initialize(from: placeholder)
                let count = try input.readFully(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[start...])))
                initialized = start + count
            }
            try input.close()
            guard stored.count - start <= maxBytes else { return nil }
            try stored.withUnsafeMutableBytes { try sealer.update(inPlace: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            let (header, digest) = try sealer.finish()
            stored.replaceSubrange(0..<B2ENHeader.size, with: header)
            return EncodedObject(stored: stored, digest: digest)
        }
    }

    /// Opens an envelope held in memory and writes the plaintext to `destination` only once the
    /// tag has verified (nothing untrusted is ever written); returns the plaintext's digest.
    public func decode(_ stored: [UInt8], to destination: String, objectName: String) throws -> ContentDigest {
        let plaintext = try decode(stored, objectName: objectName)
        return try mappingIOErrors(objectName: objectName) {
            try PlainCodec.write(plaintext, to: destination)
        }
    }
}
