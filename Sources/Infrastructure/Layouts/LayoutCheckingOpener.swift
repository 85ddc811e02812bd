import AgentBackupPorts

/// The composition root's repository opener: opens the layout the bucket holds under the
/// prefix, and the configured one for an empty prefix. A prefix that holds the other layout
/// than the configured one is refused (a configuration error, exit 2) rather than read or
/// written in a layout the user did not choose: writing would start a second history beside
/// the first, and the configuration would be wrong for the next machine that reads it.
public struct LayoutCheckingOpener: SnapshotRepositoryOpener {
    /// The layout a new prefix gets (`layout` / `B2_LAYOUT`).
    public let configured: RepositoryLayout
    let detector: LayoutDetector
    let prefix: String
    let openers: [RepositoryLayout: any SnapshotRepositoryOpener]

    public init(
        configured: RepositoryLayout, store: any ObjectStore, prefix: String,
        reference: any SnapshotRepositoryOpener, packed: any SnapshotRepositoryOpener
    ) {
        self.configured = configured
        self.prefix = prefix
        detector = LayoutDetector(store: store, prefix: prefix)
        openers = [.reference: reference, .packed: packed]
    }

    /// A packed prefix this machine opened before costs one request (`openRemembered`); anything
    /// else detects the layout from the bucket first.
    public func open(scratch: String, forWriting: Bool) async throws -> any SnapshotRepository {
        if configured == .packed, let remembered = try await openers[.packed]!.openRemembered(scratch: scratch, forWriting: forWriting) {
            return remembered
        }
        let found = try await detector.detect()
        if let found, found != configured {
            throw Self.mismatch(found: found, configured: configured, prefix: prefix)
        }
        return try await openers[found ?? configured]!.open(scratch: scratch, forWriting: forWriting)
    }

    /// The error for a prefix holding `found` while `configured` is set: names both and the fixes.
    static func mismatch(found: RepositoryLayout, configured: RepositoryLayout, prefix: String) -> RepositoryError {
        RepositoryError(.configuration,
            "\(prefix) holds a backup in the \(found.rawValue) layout, but the layout is set to \"\(configured.rawValue)\": "
            + "set layout to \"\(found.rawValue)\" in the config file (or B2_LAYOUT=\(found.rawValue)) to use this backup, "
            + "or set prefix to a new one for a new backup in the \(configured.rawValue) layout "
            + "(to move this history there, run with B2_LAYOUT=\(found.rawValue): agent-backup migrate --to \(configured.rawValue) --to-prefix <new prefix>)")
    }
}
