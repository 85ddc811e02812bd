/// The one name of a snapshot that every command prints and accepts (`snapshots`, `restore
/// --snapshot`, `verify --snapshot`, `prune --remove-safety`, `--json`):
///
/// - a regular snapshot: its id, `2026-02-09T10-04-05-123Z`;
/// - a safety snapshot (taken before a restore): `<safety folder>/<id>`,
///   `safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z`.
///
/// Ordered by time (the id), regular before safety at the same id, so sorting gives oldest first.
public struct SnapshotRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Where the snapshot lives in its repository.
    public enum Kind: Sendable, Hashable {
        case regular
        /// Inside the safety folder `folder` (`safety-…`, one path segment).
        case safety(folder: String)
    }

    public let kind: Kind
    public let id: SnapshotID

    /// A regular snapshot.
    public static func regular(_ id: SnapshotID) -> SnapshotRef {
        SnapshotRef(kind: .regular, id: id)
    }

    /// A snapshot in the safety folder `folder`; throws unless `folder` is a safety folder name.
    public static func safety(folder: String, id: SnapshotID) throws -> SnapshotRef {
        guard SafetyPrefix.isSafety(folder), !folder.utf8.contains(UInt8(ascii: "/")) else {
            throw DomainError(.invalidSnapshotID, "\(VirtualPath.quote(folder)) is not a safety folder name (safety-<time>): `agent-backup snapshots --safety` lists them.")
        }
        return SnapshotRef(kind: .safety(folder: folder), id: id)
    }

    private init(kind: Kind, id: SnapshotID) {
        self.kind = kind
        self.id = id
    }

    /// Parses the printed form: `<id>` or `<safety folder>/<id>`.
    public init(parsing text: String) throws {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            self.init(kind: .regular, id: try SnapshotID(parsing: text))
        case 2:
            let folder = String(decoding: parts[0], as: UTF8.self)
            let id = try SnapshotID(parsing: String(decoding: parts[1], as: UTF8.self))
            self = try Self.safety(folder: folder, id: id)
        default:
            throw DomainError(.invalidSnapshotID, "\(VirtualPath.quote(text)) is not a snapshot name: expected <id> (2026-02-09T10-04-05-123Z) or <safety folder>/<id> as `agent-backup snapshots --safety` prints them.")
        }
    }

    /// True for a snapshot taken before a restore.
    public var isSafety: Bool {
        if case .safety = kind { return true }
        return false
    }

    /// The safety folder, or nil for a regular snapshot.
    public var safetyFolder: String? {
        if case .safety(let folder) = kind { return folder }
        return nil
    }

    /// The printed form, accepted back by `init(parsing:)`.
    public var description: String {
        switch kind {
        case .regular: return id.rawValue
        case .safety(let folder): return folder + "/" + id.rawValue
        }
    }

    public static func < (lhs: SnapshotRef, rhs: SnapshotRef) -> Bool {
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }
}
