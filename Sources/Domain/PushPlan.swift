/// What one push does with every file of the new snapshot, and why: send its bytes, or reuse
/// what the previous snapshot already stores (a server-side copy in the reference layout, the
/// same blobs in the packed layout).
///
/// Reuse is planned only when the previous snapshot's manifest records the SAME hash for the same
/// path (SPEC items 6 and 11): what is reused is then known to be exactly the bytes the new
/// manifest describes. The previous snapshot must be the one whose manifest is given — the
/// archiver passes the snapshot the local cache describes, after checking it still exists
/// (SPEC item 13); when it is gone, pass nil and everything is uploaded.
public struct PushPlan: Sendable, Equatable {
    /// The fate of one file.
    public enum Action: Sendable, Equatable {
        /// Send the file's bytes, for this reason.
        case upload(UploadReason)
        /// Reuse the previous snapshot's content for this path (identical hash).
        case reuse(from: SnapshotRef)
    }

    /// Why a file's bytes are sent.
    public enum UploadReason: String, Sendable, Equatable {
        /// Not in the previous snapshot.
        case added
        /// In the previous snapshot with another hash.
        case changed
        /// There is no usable previous snapshot (first push, cache lost, snapshot gone).
        case noPreviousSnapshot
    }

    /// Added, changed, deleted and unchanged paths against the previous manifest (against an
    /// empty one when there is none).
    public let diff: ManifestDiff
    /// The action for every path of the current state.
    public let actions: [VirtualPath: Action]
    /// Paths to upload, sorted by UTF-8 bytes.
    public let uploads: [VirtualPath]
    /// Paths to reuse, sorted by UTF-8 bytes.
    public let reuses: [VirtualPath]
    /// The snapshot content is reused from, when there is a usable previous snapshot.
    public let previousSnapshot: SnapshotRef?

    /// Plans a push of `current` (path → entry of the bytes that would be uploaded) against
    /// `previous`, the manifest of the existing snapshot `previousSnapshot`. Either nil means
    /// there is no usable previous snapshot.
    public init(current: [VirtualPath: ManifestEntry], previous: Manifest?, previousSnapshot: SnapshotRef?) {
        let usable = (previous != nil && previousSnapshot != nil) ? previous : nil
        let old = usable?.files ?? [:]
        diff = ManifestDiff(old: old, new: current)
        self.previousSnapshot = usable == nil ? nil : previousSnapshot
        var actions: [VirtualPath: Action] = [:]
        var uploads: [VirtualPath] = []
        var reuses: [VirtualPath] = []
        for (path, entry) in current {
            let action = Self.action(for: entry, before: old[path], source: self.previousSnapshot)
            actions[path] = action
            if case .reuse = action { reuses.append(path) } else { uploads.append(path) }
        }
        self.actions = actions
        self.uploads = uploads.sorted()
        self.reuses = reuses.sorted()
    }

    private static func action(for entry: ManifestEntry, before: ManifestEntry?, source: SnapshotRef?) -> Action {
        guard let source else { return .upload(.noPreviousSnapshot) }
        guard let before else { return .upload(.added) }
        return before.hash == entry.hash ? .reuse(from: source) : .upload(.changed)
    }

    /// True when a new snapshot would differ from the previous one (or there is none to carry
    /// from): false means "no changes since last push" and nothing is written.
    public var hasChanges: Bool {
        previousSnapshot == nil || !diff.isEmpty
    }
}
