import AgentBackupInfrastructure
import AgentBackupPorts

/// One way to damage a stored object, straight in the bucket.
enum ObjectTamper: Sendable, CustomStringConvertible {
    /// XOR one byte at this offset (negative: from the end).
    case flip(at: Int)
    /// Keep only the first `count` bytes (negative: drop that many from the end).
    case truncate(to: Int)
    /// One more byte at the end.
    case append
    /// Remove the object.
    case delete

    /// For a B2EN envelope: magic, salt, nonce, tag, ciphertext.
    static let envelopeRegions: [(String, ObjectTamper)] = [
        ("envelope magic", .flip(at: 1)), ("envelope salt", .flip(at: 20)), ("envelope nonce", .flip(at: 40)),
        ("envelope tag", .flip(at: 55)), ("ciphertext first byte", .flip(at: 64)), ("ciphertext last byte", .flip(at: -1)),
    ]

    var description: String {
        switch self {
        case .flip(let offset): "flip byte \(offset)"
        case .truncate(let count): "truncate to \(count)"
        case .append: "append a byte"
        case .delete: "delete"
        }
    }

    /// Applies the damage to `key`; returns the original bytes so it can be undone.
    @discardableResult
    func apply(to key: String, in store: S3Client) async throws -> [UInt8] {
        let original = try await store.get(key: key, maxBytes: 64 << 20)
        var damaged = original
        switch self {
        case .flip(let offset):
            let index = offset >= 0 ? offset : original.count + offset
            damaged[index] ^= 0x5A
        case .truncate(let count):
            damaged = Array(original.prefix(count >= 0 ? count : max(0, original.count + count)))
        case .append:
            damaged.append(0x0A)
        case .delete:
            try await store.delete(keys: [key])
            return original
        }
        try await store.put(key: key, body: .bytes(damaged), contentType: "application/octet-stream")
        return original
    }
}
