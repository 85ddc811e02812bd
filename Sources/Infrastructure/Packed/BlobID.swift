/// A 32-byte id: the SHA-256 of a blob's plaintext, or of a pack's or index's stored bytes
/// (FORMAT.md section 1). Held as four words so a dictionary of a million blobs hashes and
/// compares words, not arrays.
public struct BlobID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let words: (UInt64, UInt64, UInt64, UInt64)

    /// The id whose bytes are `bytes` (exactly 32).
    public init(_ bytes: some Collection<UInt8>) {
        precondition(bytes.count == 32, "an id is 32 bytes")
        var values: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in bytes.enumerated() {
            values[index / 8] = values[index / 8] << 8 | UInt64(byte)
        }
        words = (values[0], values[1], values[2], values[3])
    }

    /// Parses 64 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 64, let bytes = Hex.decode(hex) else { return nil }
        self.init(bytes)
    }

    /// The SHA-256 of `bytes`.
    public static func hashing(_ bytes: [UInt8]) -> BlobID {
        BlobID(SHA256Digest.hash(bytes))
    }

    /// The 32 bytes, big-endian words in order (the digest as computed).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return out
    }

    /// 64 lower-case hex digits: how ids appear in object names and snapshots.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func == (lhs: BlobID, rhs: BlobID) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    public static func < (lhs: BlobID, rhs: BlobID) -> Bool {
        if lhs.words.0 != rhs.words.0 { return lhs.words.0 < rhs.words.0 }
        if lhs.words.1 != rhs.words.1 { return lhs.words.1 < rhs.words.1 }
        if lhs.words.2 != rhs.words.2 { return lhs.words.2 < rhs.words.2 }
        return lhs.words.3 < rhs.words.3
    }
}
