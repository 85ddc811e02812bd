import AgentBackupDomain
import AgentBackupPorts

/// `snapshots`: the complete snapshots, oldest first, with file counts and sizes read from their
/// manifests; on request the safety snapshots too (SPEC item 17: the user can list them, then
/// remove them with `prune --remove-safety`).
struct SnapshotLister {
    let context: EngineContext

    func snapshots(includeSafety: Bool) async throws -> SnapshotListing {
        try await context.withRepository(forWriting: false) { _, repository in
            let catalog = try await repository.engineCatalog()
            let refs = catalog.regular + (includeSafety ? catalog.safety : [])
            let infos = try await concurrentMap(refs, limit: context.configuration.transferConcurrency) { ref -> SnapshotInfo in
                try await describe(ref, in: repository)
            }
            let regular = infos.filter { $0.safetyFolder == nil }
            let safety = infos.filter { $0.safetyFolder != nil }
            return SnapshotListing(snapshots: regular, safety: includeSafety ? safety : nil)
        }
    }

    /// The newest complete regular snapshot, its manifest opened as a restore opens it (one
    /// manifest read, whatever the number of snapshots; a manifest that does not open throws);
    /// nil when there is none.
    func newest() async throws -> SnapshotInfo? {
        try await context.withRepository(forWriting: false) { _, repository in
            guard let latest = try await repository.engineCatalog().latest else { return nil }
            do {
                return Self.info(latest, try await repository.manifest(of: latest))
            } catch {
                throw EngineError.wrapping(error, context: "Opening snapshot \(latest)")
            }
        }
    }

    private static func info(_ ref: SnapshotRef, _ manifest: Manifest) -> SnapshotInfo {
        SnapshotInfo(id: ref.description, timestamp: manifest.timestamp, files: manifest.files.count,
                     bytes: manifest.totalSize, safetyFolder: ref.safetyFolder)
    }

    /// One snapshot from its manifest. A manifest that does not open (another passphrase,
    /// damaged, refused) does not hide the others: the snapshot is listed as unreadable with
    /// the reason. Failures of the store itself (network, credentials) still stop the listing.
    private func describe(_ ref: SnapshotRef, in repository: any SnapshotRepository) async throws -> SnapshotInfo {
        do {
            return Self.info(ref, try await repository.manifest(of: ref))
        } catch let error as RepositoryError where error.kind != .failed {
            context.logger.error("snapshot \(ref) is unreadable: \(error.message)")
            var info = SnapshotInfo(id: ref.description, timestamp: ref.id.isoTimestamp, files: 0, bytes: 0, safetyFolder: ref.safetyFolder)
            info.unreadable = error.message
            return info
        } catch {
            throw EngineError.wrapping(error, context: "Opening snapshot \(ref)")
        }
    }
}
