import Foundation
import AgentBackupDomain
import AgentBackupPorts

extension ReferenceRepository {
    /// Deletes each snapshot's folder, its manifest FIRST: a snapshot stops being listed (and
    /// restorable) before any of its files goes, so a deletion killed midway leaves at worst an
    /// incomplete folder, which `collectGarbage` removes later. A folder that holds nothing
    /// (already deleted; some stores keep reporting an emptied prefix) is not reported.
    public func delete(_ refs: [SnapshotRef]) async throws -> RepositoryDeletion {
        var deletion = RepositoryDeletion()
        for ref in refs {
            let count = try await deleteFolder(keys.folder(ref))
            if count > 0 {
                deletion.snapshots.append(ref)
                deletion.objects += count
            }
        }
        return deletion
    }

    /// Removes snapshot folders without a manifest (pushes, and safety pushes of restores, that
    /// did not finish) that are OLDER than the newest complete snapshot and older than the grace
    /// period: a newer one may be a push still running on another machine (SPEC item 15).
    public func collectGarbage(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion {
        let folders = try await folderCatalog()
        guard let newest = folders.latest else { return RepositoryDeletion() }
        let limit = Date(timeIntervalSince1970: now - graceSeconds)
        // Named as the catalog names snapshots: `<id>` or `<safety folder>/<id>`.
        var stale = folders.staleIncomplete.filter { $0.date < limit }.map(\.rawValue)
        for folder in folders.safety {
            let (_, incomplete) = try await safetySnapshots(in: folder)
            stale += incomplete.filter { $0 < newest && $0.date < limit }.map { folder + "/" + $0.rawValue }
        }
        var deletion = RepositoryDeletion()
        for name in stale {
            let count = try await deleteFolder(keys.folder(named: name))
            if count > 0 {
                deletion.leftovers.append(name)
                deletion.objects += count
            }
        }
        return deletion
    }

    /// Deletes every object under `folder` (ending with `/`), manifests first, 1,000 keys a
    /// request. Returns how many objects there were.
    func deleteFolder(_ folder: String) async throws -> Int {
        do {
            let keys = try await store.listAll(prefix: folder).objects.map(\.key)
            let manifests = keys.filter { $0.hasSuffix("/manifest.json") }
            let others = keys.filter { !$0.hasSuffix("/manifest.json") }
            if !manifests.isEmpty { try await store.delete(keys: manifests) }
            var start = 0
            while start < others.count {
                let end = min(start + 1000, others.count)
                try await store.delete(keys: Array(others[start..<end]))
                start = end
            }
            return keys.count
        } catch {
            throw RepositoryError.wrapping(error, context: "Deleting \(folder)")
        }
    }
}
