import AgentBackupPorts

/// Stores objects as they are (encryption off): files are copied with their digest computed in
/// the same pass, bytes pass through. It never looks for a `B2EN` header: in an unencrypted
/// backup a file that happens to start with one is just data (SPEC item 12).
public struct PlainCodec: ContentCodec {
    /// Always false: objects and the manifest are stored as-is.
    public let encrypts = false

    /// A plain codec; it holds no state.
    public init() {}

    /// Copies `source` to `destination` (created or truncated, mode 0600, never through a
    /// symbolic link) and returns the digest.
    public func encode(file source: String, to destination: String) throws -> ContentDigest {
        try copy(source, to: destination, objectName: source)
    }

    /// Copies `source` to `destination` (created or truncated, mode 0600, never through a
    /// symbolic link) and returns the digest; the caller checks it against the manifest before
    /// trusting the file.
    public func decode(file source: String, to destination: String, objectName: String) throws -> ContentDigest {
        try copy(source, to: destination, objectName: objectName)
    }

    /// The bytes unchanged.
    public func encode(_ plaintext: [UInt8]) throws -> [UInt8] { plaintext }

    /// The bytes unchanged, whatever they start with.
    public func decode(_ stored: [UInt8], objectName: String) throws -> [UInt8] { stored }

    /// Nil: a plain file is sent as it is, from the file, with no temporary copy to avoid.
    public func encode(smallFile source: String, maxBytes: Int) throws -> EncodedObject? { nil }

    /// Writes `stored` to `destination` and returns its digest.
    public func decode(_ stored: [UInt8], to destination: String, objectName: String) throws -> ContentDigest {
        try mappingIOErrors(objectName: objectName) { try Self.write(stored, to: destination) }
    }

    /// Writes `bytes` to `destination` (created or truncated, mode 0600, never through a symbolic
    /// link) and returns their digest.
    static func write(_ bytes: [UInt8], to destination: String) throws -> ContentDigest {
        let output = try PosixFile.createForWriting(destination)
        try bytes.withUnsafeBytes { try output.write($0) }
        try output.close()
        return ContentDigest(sha256: SHA256Digest.hex(bytes), size: Int64(bytes.count))
    }

    private func copy(_ source: String, to destination: String, objectName: String) throws -> ContentDigest {
        try mappingIOErrors(objectName: objectName) {
            let input = try PosixFile.openForReading(source)
            let output = try PosixFile.createForWriting(destination, distinctFrom: input)
            let hash = try SHA256Stream()
            let written = try ChunkPipeline.run(from: input, to: output) { hash.update(UnsafeRawBufferPointer($0)) }
            try output.close()
            return ContentDigest(sha256: Hex.encode(hash.finish()), size: written)
        }
    }
}
