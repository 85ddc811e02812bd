/// The snapshots under one backup prefix, read from a delimiter listing of `<prefix>/` (one
/// request per 1,000 folders, whatever the number of files) plus which folders hold a
/// `manifest.json`.
///
/// A folder is a complete snapshot when its name parses as a `SnapshotID` and it has a
/// manifest (written last, so it marks completion); incomplete when it parses but has none
/// (a crashed push, or one in progress elsewhere); safety when it starts with `safety-`.
/// Anything else is not ours: it is reported in `ignored` and never deleted.
public struct SnapshotCatalog: Sendable, Equatable {
    /// The backup prefix without a trailing `/`, e.g. `goose-backup`.
    public let prefix: String
    /// Complete snapshots, oldest first.
    public let complete: [SnapshotID]
    /// Folders named like a snapshot but without a manifest, oldest first.
    public let incomplete: [SnapshotID]
    /// Safety folder names (`safety-…`), sorted.
    public let safety: [String]
    /// Folder names that are none of the above, sorted.
    public let ignored: [String]

    /// Sorts the folders of a listing. Each folder may be given as a common prefix
    /// (`goose-backup/2026-…Z/`) or as a bare name (`2026-…Z`); `foldersWithManifest` takes the
    /// same forms. Duplicates are merged.
    public init(prefix: String, folders: some Sequence<String>, foldersWithManifest: some Sequence<String>) {
        let trimmedPrefix = Self.trimmingSlashes(prefix)
        self.prefix = trimmedPrefix
        let withManifest = Set(foldersWithManifest.compactMap { Self.name(of: $0, prefix: trimmedPrefix) })
        var complete = Set<SnapshotID>()
        var incomplete = Set<SnapshotID>()
        var safety = Set<String>()  // not a path key: ASCII folder names
        var ignored = Set<String>()  // not a path key: ASCII folder names
        for folder in folders {
            guard let name = Self.name(of: folder, prefix: trimmedPrefix) else {
                ignored.insert(folder)
                continue
            }
            if SafetyPrefix.isSafety(name) {
                safety.insert(name)
            } else if let id = try? SnapshotID(parsing: name) {
                if withManifest.contains(name) { complete.insert(id) } else { incomplete.insert(id) }
            } else {
                ignored.insert(name)
            }
        }
        self.complete = complete.sorted()
        self.incomplete = incomplete.sorted()
        self.safety = safety.sortedByUTF8()
        self.ignored = ignored.sortedByUTF8()
    }

    /// The newest complete snapshot, the one `restore` uses by default.
    public var latest: SnapshotID? { complete.last }

    /// Incomplete folders OLDER than the newest complete snapshot: leftovers of pushes that did
    /// not finish (SPEC item 15). Newer ones may be a push still running on another machine and
    /// are not listed; with no complete snapshot, nothing is.
    public var staleIncomplete: [SnapshotID] {
        guard let latest else { return [] }
        return incomplete.filter { $0 < latest }
    }

    /// True when `id` is a complete snapshot here.
    public func contains(_ id: SnapshotID) -> Bool {
        complete.contains(id)
    }

    /// The key prefix of every object of snapshot `id`: `<prefix>/<id>/`.
    public func folderKey(_ id: SnapshotID) -> String {
        folderKey(named: id.rawValue)
    }

    /// The key prefix of every object in the folder `name`: `<prefix>/<name>/`.
    public func folderKey(named name: String) -> String {
        prefix.isEmpty ? name + "/" : prefix + "/" + name + "/"
    }

    /// The folder's single name segment, or nil when it is not directly under the prefix.
    private static func name(of folder: String, prefix: String) -> String? {
        var rest = Substring(folder)
        let withSlash = prefix + "/"
        if !prefix.isEmpty, rest.utf8.starts(with: withSlash.utf8) {
            rest = rest[rest.utf8.index(rest.startIndex, offsetBy: withSlash.utf8.count)...]
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.utf8.contains(UInt8(ascii: "/")) else { return nil }
        return String(rest)
    }

    private static func trimmingSlashes(_ text: String) -> String {
        var rest = Substring(text)
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        return String(rest)
    }
}
