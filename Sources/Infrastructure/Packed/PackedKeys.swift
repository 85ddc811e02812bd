import AgentBackupDomain

/// The object keys of a packed repository under its prefix (FORMAT.md section 1).
public struct PackedKeys: Sendable {
    /// The prefix without a trailing `/`, e.g. `goose-backup`.
    public let prefix: String

    public init(prefix: String) {
        var trimmed = prefix
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.prefix = trimmed
    }

    /// `P/config`: the repository's configuration and the layout marker.
    public var config: String { prefix + "/config" }
    public var keysFolder: String { prefix + "/keys/" }
    public var dataFolder: String { prefix + "/data/" }
    public var indexFolder: String { prefix + "/index/" }
    public var snapshotsFolder: String { prefix + "/snapshots/" }

    public func key(_ id: BlobID) -> String { keysFolder + id.hex }
    public func pack(_ id: BlobID) -> String { dataFolder + String(id.hex.prefix(2)) + "/" + id.hex }
    public func index(_ id: BlobID) -> String { indexFolder + id.hex }
    public func snapshot(_ ref: SnapshotRef) -> String { snapshotsFolder + ref.description }

    /// The id at the end of a `keys/`, `index/` or `data/xx/` key, or nil for anything else.
    func id(in key: String, folder: String) -> BlobID? {
        guard key.hasPrefix(folder) else { return nil }
        let rest = key.dropFirst(folder.count)
        let name = rest.split(separator: "/", omittingEmptySubsequences: false)
        if folder == dataFolder {
            guard name.count == 2, let id = BlobID(hex: String(name[1])), name[0] == id.hex.prefix(2), id.hex == name[1] else { return nil }
            return id
        }
        guard name.count == 1, let id = BlobID(hex: String(name[0])), id.hex == name[0] else { return nil }
        return id
    }

    /// The snapshot a `snapshots/…` key names, or nil for a key that is no snapshot name.
    func snapshotRef(in key: String) -> SnapshotRef? {
        guard key.hasPrefix(snapshotsFolder) else { return nil }
        return try? SnapshotRef(parsing: String(key.dropFirst(snapshotsFolder.count)))
    }
}
