import AgentBackupDomain
import AgentBackupPorts

/// Finds the snapshot a command names (or the newest regular one) among the complete ones.
struct SnapshotResolver {
    let repository: any SnapshotRepository

    func resolve(_ requested: SnapshotRef?) async throws -> SnapshotRef {
        let catalog = try await repository.engineCatalog()
        guard let requested else {
            guard let latest = catalog.latest else {
                throw EngineError(.configuration, "No snapshot in \(repository.displayName): push one first, or check the bucket and prefix.")
            }
            return latest
        }
        let known = requested.isSafety ? catalog.safety : catalog.regular
        guard known.contains(requested) else {
            let newest = known.suffix(5).map(\.description).joined(separator: ", ")
            let listing = requested.isSafety ? "`agent-backup snapshots --safety`" : "`agent-backup snapshots`"
            throw EngineError(.configuration, "No complete snapshot \(requested) in \(repository.displayName)"
                + (newest.isEmpty ? " (there are none)." : " (newest: \(newest)); \(listing) lists them all."))
        }
        return requested
    }
}
