/// The inventory of one snapshot (format version 1), shared with the reference engine in both
/// directions: `manifest.json` in every snapshot folder and the local cache of the last push.
///
/// `files` is keyed by virtual path. Swift treats canonically equivalent strings (`é`
/// precomposed or decomposed) as one key, so `decode` refuses a manifest holding two such
/// paths rather than silently dropping one.
public struct Manifest: Sendable, Equatable {
    /// The only format this code reads and writes.
    public static let version = 1

    /// ISO-8601 UTC time of the push with milliseconds, e.g. `2026-02-09T10:04:05.123Z`.
    public var timestamp: String
    /// Every file of the snapshot by virtual path.
    public var files: [String: ManifestEntry]
    /// The machine the snapshot was taken on (our extension; nil in the reference engine's
    /// manifests and in ours before it existed).
    public var origin: SnapshotOrigin?

    /// A manifest; nothing is checked (use `validatedPaths()` before trusting paths).
    public init(timestamp: String, files: [String: ManifestEntry], origin: SnapshotOrigin? = nil) {
        self.timestamp = timestamp
        self.files = files
        self.origin = origin
    }

    /// A manifest for the snapshot `id`, its timestamp derived from the id.
    public init(snapshot id: SnapshotID, files: [String: ManifestEntry], origin: SnapshotOrigin? = nil) {
        self.init(timestamp: id.isoTimestamp, files: files, origin: origin)
    }

    /// The snapshot id this manifest's timestamp stands for, or nil when the timestamp is not
    /// a millisecond ISO time.
    public var snapshotID: SnapshotID? {
        try? SnapshotID(isoTimestamp: timestamp)
    }

    /// The paths sorted by UTF-8 bytes (the order of `encoded()` and of listings).
    public var sortedPaths: [String] {
        files.keys.sortedByUTF8()
    }

    /// The sum of all file sizes.
    public var totalSize: Int64 {
        files.values.reduce(0) { $0 + $1.size }
    }

    /// Every path checked as a `VirtualPath` (no `..`, `.`, empty segment, absolute path, NUL,
    /// backslash), sorted by UTF-8 bytes. Restore must call this before touching the disk.
    /// Two paths equal after Unicode NFC cannot both be in `files` (see the type's note);
    /// `decode` refuses such a manifest naming both.
    public func validatedPaths() throws -> [VirtualPath] {
        try sortedPaths.map { path in
            do {
                return try VirtualPath(path)
            } catch let error as DomainError {
                throw DomainError(.invalidPath, "Manifest of \(timestamp) lists an unsafe path: \(error.message)")
            }
        }
    }
}
