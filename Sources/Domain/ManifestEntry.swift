/// What a manifest records for one file: the SHA-256 of its plaintext and its size.
///
/// The hash is authoritative. Manifests from the reference engine record for SQLite files the
/// size of the live database while the hash is of the snapshot copy, so a size that disagrees
/// with a matching hash is not an error.
public struct ManifestEntry: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the plaintext, 64 characters.
    public var hash: String
    /// Plaintext size in bytes.
    public var size: Int64

    /// An entry; `hash` should be 64 lowercase hex digits (checked when a manifest is decoded).
    public init(hash: String, size: Int64) {
        self.hash = hash
        self.size = size
    }

    /// True when `hash` is exactly 64 lowercase hex digits.
    public static func isValidHash(_ hash: String) -> Bool {
        hash.utf8.count == 64 && hash.utf8.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }
}
