import Foundation
import AgentBackupDomain

/// Where and how the engine works: the bucket prefix, retention, the local cache folder and how
/// much runs at once. One value per adapter and store; the runner builds it from the config file.
public struct EngineConfiguration: Sendable, Equatable {
    /// The key prefix of every snapshot, e.g. `goose-backup` (no trailing `/`).
    public var prefix: String
    /// Which regular snapshots each push keeps; the others are deleted.
    public var retention: RetentionPolicy
    /// The zone whose wall clock the calendar rules of `retention` read (the user's local time).
    public var timeZone: TimeZone
    /// The tool's own folder (`~/.agent-backup/<id>`): the manifest cache, the stat cache and the
    /// private temporary area. Never inside an agent root.
    public var cacheDirectory: String
    /// Uploads, copies and downloads in flight at once.
    public var transferConcurrency: Int
    /// Files hashed (or snapshotted) at once; hashing is CPU-bound, so the core count.
    public var hashConcurrency: Int
    /// A file modified less than this many seconds before the scan started is re-hashed even
    /// when its metadata matches the stat cache (the "racy git" rule: a write in the same
    /// timestamp tick as the previous scan would otherwise go unnoticed).
    public var racyWindowSeconds: Double
    /// Largest manifest object accepted (a hostile size is refused, not allocated).
    public var maxManifestBytes: Int
    /// Incomplete snapshot folders (no manifest) younger than this are left alone by pruning, in
    /// case another machine is still pushing into them. 0 follows the specification exactly.
    public var orphanGraceSeconds: Double

    /// A configuration; the defaults suit a laptop and an internet link.
    public init(
        prefix: String,
        retention: RetentionPolicy = .keepLast(10),
        timeZone: TimeZone = .current,
        cacheDirectory: String,
        transferConcurrency: Int = 8,
        hashConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        racyWindowSeconds: Double = 2,
        maxManifestBytes: Int = 256 << 20,
        orphanGraceSeconds: Double = 0
    ) {
        var prefix = prefix
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.prefix = prefix
        self.retention = retention
        self.timeZone = timeZone
        self.cacheDirectory = cacheDirectory
        self.transferConcurrency = max(1, transferConcurrency)
        self.hashConcurrency = max(1, hashConcurrency)
        self.racyWindowSeconds = racyWindowSeconds
        self.maxManifestBytes = maxManifestBytes
        self.orphanGraceSeconds = orphanGraceSeconds
    }
}
