import AgentBackupPorts
import Foundation

/// The repository configuration (FORMAT.md section 4): what every machine writing to the
/// repository must agree on. Its object, `P/config`, is also the marker of a packed prefix.
public struct PackedConfig: Sendable, Equatable {
    public static let formatName = "agent-backup-packed"
    public static let version = 1

    /// Random repository id (64 hex): names the local cache folder.
    public var id: String
    /// Creation time, ISO-8601 with milliseconds.
    public var created: String
    public var encrypted: Bool
    public var chunker: ChunkerParameters
    /// A pack is closed once its blobs reach this many bytes.
    public var packSize: Int
    /// FORMAT.md section 8: marks age this long before a pack is deleted.
    public var gcGraceSeconds: Double

    public init(id: String, created: String, encrypted: Bool, chunker: ChunkerParameters, packSize: Int = 16 << 20, gcGraceSeconds: Double = 3600) {
        self.id = id
        self.created = created
        self.encrypted = encrypted
        self.chunker = chunker
        self.packSize = packSize
        self.gcGraceSeconds = gcGraceSeconds
    }

    /// The JSON document.
    func encoded() throws -> [UInt8] {
        let wire = Wire(
            format: Self.formatName, version: Self.version, id: id, created: created, encrypted: encrypted,
            chunker: .init(
                algorithm: "fastcdc-gear-v1", key: Hex.encode(chunker.key), minSize: chunker.minSize,
                averageSize: chunker.averageSize, maxSize: chunker.maxSize, sqlitePageChunk: chunker.sqlitePageChunk),
            packSize: packSize, gcGraceSeconds: gcGraceSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(wire))
    }

    /// Parses and checks the JSON document; `object` names it in errors.
    static func decode(_ bytes: [UInt8], object: String) throws -> PackedConfig {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(bytes))
        } catch {
            throw RepositoryError.damagedObject(object, "the config is not the expected JSON (\(error))")
        }
        guard wire.format == formatName else {
            throw RepositoryError(.configuration, "\(object) is not an agent-backup packed repository config (format \"\(wire.format)\")", files: [object])
        }
        guard wire.version == version else {
            throw RepositoryError(.configuration, "\(object) has packed format version \(wire.version); this agent-backup reads version \(version): upgrade agent-backup", files: [object])
        }
        guard wire.chunker.algorithm == "fastcdc-gear-v1", let key = Hex.decode(wire.chunker.key), wire.id.utf8.count == 64, Hex.decode(wire.id) != nil else {
            throw RepositoryError.damagedObject(object, "the config's id or chunker is malformed")
        }
        let chunker = ChunkerParameters(
            key: key, minSize: wire.chunker.minSize, averageSize: wire.chunker.averageSize, maxSize: wire.chunker.maxSize,
            sqlitePageChunk: wire.chunker.sqlitePageChunk)
        if let problem = chunker.problem { throw RepositoryError.damagedObject(object, "the config's chunker is unusable: \(problem)") }
        guard (1 << 16...1 << 30).contains(wire.packSize), wire.gcGraceSeconds >= 0, wire.gcGraceSeconds.isFinite else {
            throw RepositoryError.damagedObject(object, "the config's packSize or gcGraceSeconds is out of range")
        }
        return PackedConfig(
            id: wire.id, created: wire.created, encrypted: wire.encrypted, chunker: chunker, packSize: wire.packSize,
            gcGraceSeconds: wire.gcGraceSeconds)
    }

    private struct Wire: Codable {
        struct Chunker: Codable {
            var algorithm: String
            var key: String
            var minSize: Int
            var averageSize: Int
            var maxSize: Int
            var sqlitePageChunk: Int
        }
        var format: String
        var version: Int
        var id: String
        var created: String
        var encrypted: Bool
        var chunker: Chunker
        var packSize: Int
        var gcGraceSeconds: Double
    }
}
