import AgentBackupDomain
import AgentBackupPorts

/// `snapshots`: the complete snapshots, oldest first, with file counts and sizes read from their
/// manifests; on request the safety snapshots too (SPEC item 17: the user can list them, then
/// remove them with `prune --remove-safety`).
struct SnapshotLister {
    let context: EngineContext

    func snapshots(includeSafety: Bool) async throws -> SnapshotListing {
        try await context.withRepository(forWriting: false) { _, repository in
            let catalog: RepositoryCatalog
            do {
                catalog = try await repository.catalog()
            } catch {
                throw EngineError.wrapping(error, context: "Listing snapshots in \(repository.displayName)")
            }
            let refs = catalog.regular + (includeSafety ? catalog.safety : [])
            let infos = try await concurrentMap(refs, limit: context.configuration.transferConcurrency) { ref -> SnapshotInfo in
                let manifest: Manifest
                do {
                    manifest = try await repository.manifest(of: ref)
                } catch {
                    throw EngineError.wrapping(error, context: "Opening snapshot \(ref)")
                }
                return SnapshotInfo(id: ref.description, timestamp: manifest.timestamp, files: manifest.files.count,
                                    bytes: manifest.totalSize, safetyFolder: ref.safetyFolder)
            }
            let regular = infos.filter { $0.safetyFolder == nil }
            let safety = infos.filter { $0.safetyFolder != nil }
            return SnapshotListing(snapshots: regular, safety: includeSafety ? safety : nil)
        }
    }
}
