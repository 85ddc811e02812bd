/// The inventory of one snapshot (format version 1), shared with the reference engine in both
/// directions: `manifest.json` in every snapshot folder and the local cache of the last push.
///
/// `files` is keyed by `VirtualPath`, whose equality is by UTF-8 bytes: `café.md` precomposed and
/// decomposed are two files, as on the disk and in the bucket. The order the files were listed
/// in is kept (`order`), so a manifest read and encoded again gives back the same bytes, whatever
/// order its writer chose (the reference engine sorts with `localeCompare`).
public struct Manifest: Sendable, Equatable {
    /// The only format this code reads and writes.
    public static let version = 1

    /// ISO-8601 UTC time of the push with milliseconds, e.g. `2026-02-09T10:04:05.123Z`.
    public var timestamp: String
    /// Every file of the snapshot by virtual path (names not yet checked: see `validatedPaths()`).
    public let files: [VirtualPath: ManifestEntry]
    /// The paths in the order `encoded()` writes them.
    public let order: [VirtualPath]
    /// The machine the snapshot was taken on (our extension; nil in the reference engine's
    /// manifests and in ours before it existed).
    public var origin: SnapshotOrigin?

    /// A manifest whose files are written in UTF-8 byte order; nothing is checked.
    public init(timestamp: String, files: [VirtualPath: ManifestEntry], origin: SnapshotOrigin? = nil) {
        self.timestamp = timestamp
        self.files = files
        self.order = files.keys.sorted()
        self.origin = origin
    }

    /// A manifest keeping the given order (every path of `files` exactly once).
    init(timestamp: String, files: [VirtualPath: ManifestEntry], order: [VirtualPath], origin: SnapshotOrigin? = nil) {
        self.timestamp = timestamp
        self.files = files
        self.order = order
        self.origin = origin
    }

    /// A manifest for the snapshot `id`, its timestamp derived from the id.
    public init(snapshot id: SnapshotID, files: [VirtualPath: ManifestEntry], origin: SnapshotOrigin? = nil) {
        self.init(timestamp: id.isoTimestamp, files: files, origin: origin)
    }

    /// Same timestamp, files and origin (the order of listing does not matter).
    public static func == (lhs: Manifest, rhs: Manifest) -> Bool {
        lhs.timestamp == rhs.timestamp && lhs.files == rhs.files && lhs.origin == rhs.origin
    }

    /// The snapshot id this manifest's timestamp stands for, or nil when the timestamp is not
    /// a millisecond ISO time.
    public var snapshotID: SnapshotID? {
        try? SnapshotID(isoTimestamp: timestamp)
    }

    /// The paths sorted by UTF-8 bytes (the order of listings).
    public var sortedPaths: [VirtualPath] {
        files.keys.sorted()
    }

    /// The sum of all file sizes.
    public var totalSize: Int64 {
        files.values.reduce(0) { $0 + $1.size }
    }

    /// Every path checked as a safe `<label>/<path>` (no `..`, `.`, empty segment, absolute
    /// path, NUL, backslash), sorted by UTF-8 bytes. Restore must call this before touching the disk.
    public func validatedPaths() throws -> [VirtualPath] {
        try sortedPaths.map { path in
            do {
                try path.validate()
                return path
            } catch let error as DomainError {
                throw DomainError(.invalidPath, "Manifest of \(timestamp) lists an unsafe path: \(error.message)")
            }
        }
    }
}
