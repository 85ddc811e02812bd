/// What changed between two inventories, by virtual path. A file is `changed` when its hash
/// differs; a size difference alone is not a change (the hash is authoritative, see
/// `ManifestEntry`). Every list is sorted by UTF-8 bytes.
public struct ManifestDiff: Sendable, Equatable {
    /// In `new`, not in `old`.
    public let added: [String]
    /// In both, with different hashes.
    public let changed: [String]
    /// In `old`, not in `new`.
    public let deleted: [String]
    /// In both, with the same hash.
    public let unchanged: [String]

    /// Compares the files of the previous push (`old`) with the current ones (`new`).
    public init(old: [String: ManifestEntry], new: [String: ManifestEntry]) {
        var added: [String] = []
        var changed: [String] = []
        var unchanged: [String] = []
        for (path, entry) in new {
            if let previous = old[path] {
                if previous.hash == entry.hash { unchanged.append(path) } else { changed.append(path) }
            } else {
                added.append(path)
            }
        }
        let deleted = old.keys.filter { new[$0] == nil }
        self.added = added.sortedByUTF8()
        self.changed = changed.sortedByUTF8()
        self.deleted = deleted.sortedByUTF8()
        self.unchanged = unchanged.sortedByUTF8()
    }

    /// Compares two manifests; a missing `old` (first push, or its snapshot is gone) makes
    /// every file added.
    public init(old: Manifest?, new: Manifest) {
        self.init(old: old?.files ?? [:], new: new.files)
    }

    /// True when nothing was added, changed or deleted: the push has nothing to do.
    public var isEmpty: Bool {
        added.isEmpty && changed.isEmpty && deleted.isEmpty
    }

    /// Paths whose bytes must be uploaded: added and changed, sorted by UTF-8 bytes.
    public var toUpload: [String] {
        (added + changed).sortedByUTF8()
    }
}
