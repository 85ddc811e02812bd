/// The 64-byte header of a B2EN envelope (SPEC "B2EN envelope"), byte-compatible with the
/// reference engine: `"B2EN" | salt 32 | nonce 12 | tag 16`, then the AES-256-GCM ciphertext.
public struct B2ENHeader: Sendable, Equatable {
    /// ASCII `B2EN`.
    public static let magic: [UInt8] = Array("B2EN".utf8)
    /// Header length; a blob shorter than this is never an envelope.
    public static let size = 64
    /// Salt length (scrypt).
    public static let saltLength = 32
    /// Where the tag sits: the writer patches it here once the ciphertext is complete.
    public static let tagOffset = 48

    /// scrypt salt: selects the key.
    public var salt: [UInt8]
    /// GCM nonce, fresh for every object.
    public var nonce: [UInt8]
    /// GCM tag over the ciphertext.
    public var tag: [UInt8]

    /// A header from its parts (32, 12 and 16 bytes).
    public init(salt: [UInt8], nonce: [UInt8], tag: [UInt8]) {
        precondition(salt.count == Self.saltLength && nonce.count == AESGCMEncryptor.nonceLength
                     && tag.count == AESGCMEncryptor.tagLength, "B2EN header parts have the wrong length")
        self.salt = salt
        self.nonce = nonce
        self.tag = tag
    }

    /// Parses the first 64 bytes; nil when `bytes` is not an envelope (too short or no magic).
    public init?(parsing bytes: some Collection<UInt8>) {
        guard Self.isEnvelope(bytes) else { return nil }
        let header = Array(bytes.prefix(Self.size))
        salt = Array(header[4..<36])
        nonce = Array(header[36..<48])
        tag = Array(header[48..<64])
    }

    /// The reference engine's `isEncrypted`: at least 64 bytes and starting with `B2EN`.
    /// Use it to explain a mismatch between a manifest and the codec, never to decide how to
    /// read a file (SPEC item 12: the snapshot's mode decides).
    public static func isEnvelope(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= size && bytes.prefix(4).elementsEqual(magic)
    }

    /// The 64 bytes as stored.
    public var bytes: [UInt8] {
        Self.magic + salt + nonce + tag
    }
}
