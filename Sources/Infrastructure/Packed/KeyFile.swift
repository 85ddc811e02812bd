import AgentBackupPorts
import Foundation

/// A `keys/<id>` object (FORMAT.md section 3): the master key as a B2EN envelope under one
/// passphrase. Several may exist, one per passphrase, all holding the same master key, so adding,
/// removing or changing a passphrase never rewrites anything else.
public struct KeyFile: Sendable, Equatable {
    public static let version = 1

    public var created: String
    public var host: String
    /// The master key's 32 bytes.
    var masterKey: [UInt8]

    init(created: String, host: String, masterKey: [UInt8]) {
        self.created = created
        self.host = host
        self.masterKey = masterKey
    }

    /// The stored envelope, sealed with `codec` (scrypt of its passphrase, one salt per run).
    func sealed(with codec: EncryptingCodec) throws -> [UInt8] {
        let wire = Wire(version: Self.version, created: created, host: host, masterKey: Hex.encode(masterKey))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try codec.encode(Array(try encoder.encode(wire)))
    }

    /// Opens a key object with the passphrase of `codec`. A wrong passphrase is
    /// `CryptoError(.authenticationFailed)`; malformed content is an integrity error.
    static func open(_ stored: [UInt8], with codec: EncryptingCodec, object: String) throws -> KeyFile {
        let plaintext = try codec.decode(stored, objectName: object)
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(plaintext)) else {
            throw RepositoryError.damagedObject(object, "the key's content is not the expected JSON")
        }
        guard wire.version == version else {
            throw RepositoryError(.configuration, "\(object) is a version \(wire.version) key; this agent-backup reads version \(version): upgrade agent-backup", files: [object])
        }
        guard let key = Hex.decode(wire.masterKey), key.count == 32 else {
            throw RepositoryError.damagedObject(object, "the key does not hold a 32-byte master key")
        }
        return KeyFile(created: wire.created, host: wire.host, masterKey: key)
    }

    private struct Wire: Codable {
        var version: Int
        var created: String
        var host: String
        var masterKey: String
    }
}
