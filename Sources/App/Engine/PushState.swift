import AgentBackupDomain
import AgentBackupPorts

/// What a push knows after scanning, while it plans and writes.
struct PushState: Sendable {
    var summary: PushSummary
    var statCache: StatCache
    /// The stat cache as it was read (an idle push does not rewrite an unchanged cache).
    let loadedStatCache: StatCache
    /// The entry of every file of the new snapshot, by virtual path (compared by bytes).
    var current: [VirtualPath: ManifestEntry]
    /// Where each scanned file's bytes are.
    var sources: [VirtualPath: ScannedFile]

    init(gathered: GatherResult, scanned: ScanResult, loadedStatCache: StatCache) {
        summary = PushSummary(outcome: .noFiles)
        summary.failures = gathered.failures + scanned.failures
        summary.filesRead = scanned.filesRead
        statCache = scanned.statCache
        self.loadedStatCache = loadedStatCache
        current = [:]
        sources = [:]
        current.reserveCapacity(scanned.files.count)
        sources.reserveCapacity(scanned.files.count)
        for file in scanned.files {
            current[file.path] = file.entry
            sources[file.path] = file
        }
    }

    /// A file (or folder) that could not be read this time keeps its last backed-up version.
    mutating func keepLastVersions(of previous: CachedSnapshot?) {
        guard let previous else { return }
        for issue in summary.failures {
            if issue.path.utf8.last == UInt8(ascii: "/") {
                for (path, entry) in previous.manifest.files where current[path] == nil && path.string.utf8.starts(with: issue.path.utf8) {
                    current[path] = entry
                }
            } else if let path = try? VirtualPath(issue.path), current[path] == nil, let entry = previous.manifest.files[path] {
                current[path] = entry
            }
        }
    }

    /// What layouts that keep them record of each file: its mode and modification time.
    var metadata: [VirtualPath: FileMetadata] {
        sources.mapValues { FileMetadata(mode: $0.status.mode & 0o7777, mtimeNs: $0.status.mtimeNs) }
    }
}

extension PushSummary {
    /// The plan's counts.
    mutating func record(_ plan: PushPlan) {
        added = plan.diff.added.count
        changed = plan.diff.changed.count
        deleted = plan.diff.deleted.count
        unchanged = plan.diff.unchanged.count
    }
}
