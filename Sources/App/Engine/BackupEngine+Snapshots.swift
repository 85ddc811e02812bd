import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// The complete regular snapshots, oldest first, with file counts and sizes read from their
    /// manifests; with `includeSafety`, the safety snapshots too (SPEC item 17: the user can
    /// list them, then remove them with `prune(keep:removeSafety:)`).
    public func snapshots(includeSafety: Bool) async throws -> SnapshotListing {
        let catalog = try await loadCatalog()
        var locations = catalog.complete.map { (layout.regular($0), nil as String?) }
        if includeSafety {
            for folder in catalog.safety {
                let ids = try await safetySnapshots(in: folder)
                locations += ids.map { (layout.safety(folder: folder, id: $0), folder as String?) }
            }
        }
        let infos = try await concurrentMap(locations.map { LocatedSnapshot(location: $0.0, safetyFolder: $0.1) },
                                            limit: configuration.transferConcurrency) { item -> SnapshotInfo in
            let (manifest, _) = try await self.fetchManifest(item.location)
            return SnapshotInfo(id: item.location.id.rawValue, timestamp: manifest.timestamp, files: manifest.files.count,
                                bytes: manifest.totalSize, safetyFolder: item.safetyFolder)
        }
        let regular = infos.filter { $0.safetyFolder == nil }
        let safety = infos.filter { $0.safetyFolder != nil }
        return SnapshotListing(snapshots: regular, safety: includeSafety ? safety : nil)
    }

    /// True when the roots hold at least one file the rules include (the daemon restores the
    /// latest snapshot into empty roots before its first backup). Reads no file contents.
    public func hasLocalFiles(_ target: BackupTarget) throws -> Bool {
        !FileGatherer(fileSystem: fileSystem, rules: target.rules).gather(roots: target.roots).files.isEmpty
    }
}

private struct LocatedSnapshot: Sendable {
    var location: SnapshotLocation
    var safetyFolder: String?
}
