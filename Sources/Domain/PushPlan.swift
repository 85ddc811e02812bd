/// What one push does with every file of the new snapshot: upload its bytes, or carry it by a
/// server-side copy from the previous snapshot.
///
/// A copy is planned only when the previous snapshot's manifest records the SAME hash for the
/// same path (SPEC items 6 and 11): the object copied is then known to hold exactly the bytes
/// the new manifest describes. The previous snapshot must be the one whose manifest is given —
/// the engine passes the snapshot the local cache describes, after checking it still exists
/// (SPEC item 13); when it is gone, pass nil and everything is uploaded.
public struct PushPlan: Sendable, Equatable {
    /// The fate of one file.
    public enum Action: Sendable, Equatable {
        /// Send the file's bytes.
        case upload
        /// Server-side copy of the same path from this snapshot (identical hash).
        case copy(from: SnapshotID)
    }

    /// Added, changed, deleted and unchanged paths against the previous manifest (against an
    /// empty one when there is none).
    public let diff: ManifestDiff
    /// The action for every path of the current state.
    public let actions: [String: Action]
    /// Paths to upload, sorted by UTF-8 bytes.
    public let uploads: [String]
    /// Paths to copy, sorted by UTF-8 bytes.
    public let copies: [String]
    /// The snapshot copies come from, when there is a usable previous snapshot.
    public let previousSnapshot: SnapshotID?

    /// Plans a push of `current` (path → entry of the bytes that would be uploaded) against
    /// `previous`, the manifest of the existing snapshot `previousSnapshot`. Both nil (or either
    /// nil) means there is no usable previous snapshot.
    public init(current: [String: ManifestEntry], previous: Manifest?, previousSnapshot: SnapshotID?) {
        let usable = (previous != nil && previousSnapshot != nil) ? previous : nil
        let old = usable?.files ?? [:]
        diff = ManifestDiff(old: old, new: current)
        self.previousSnapshot = usable == nil ? nil : previousSnapshot
        var actions: [String: Action] = [:]
        var uploads: [String] = []
        var copies: [String] = []
        for (path, entry) in current {
            if let source = self.previousSnapshot, let before = old[path], before.hash == entry.hash {
                actions[path] = .copy(from: source)
                copies.append(path)
            } else {
                actions[path] = .upload
                uploads.append(path)
            }
        }
        self.actions = actions
        self.uploads = uploads.sortedByUTF8()
        self.copies = copies.sortedByUTF8()
    }

    /// True when a new snapshot would differ from the previous one (or there is none to carry
    /// from): false means "no changes since last push" and nothing is written.
    public var hasChanges: Bool {
        previousSnapshot == nil || !diff.isEmpty
    }
}
