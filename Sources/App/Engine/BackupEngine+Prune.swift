import Foundation
import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// Deletes regular snapshots `policy` does not keep, incomplete folders older than the
    /// newest complete snapshot (leftovers of crashed pushes, SPEC item 15, and of restores
    /// killed while writing their safety snapshot) and, when
    /// `removeSafety` is set, every safety snapshot (SPEC item 17: never automatic).
    /// With `dryRun`, deletes nothing and returns what it would decide.
    public func prune(policy: RetentionPolicy, removeSafety: Bool, dryRun: Bool = false) async throws -> PruneSummary {
        var summary = try await applyRetention(policy: policy, dryRun: dryRun)
        if removeSafety && !dryRun {
            let catalog = try await loadCatalog()
            progress.report(.phase(name: "prune", totalFiles: catalog.safety.count, totalBytes: 0))
            for folder in catalog.safety {
                summary.objectsDeleted += try await deleteFolder(catalog.folderKey(named: folder))
                summary.deletedSafety.append(folder)
                logger.info("deleted safety snapshots \(folder)")
            }
        }
        return summary
    }

    /// The retention step shared by `push` and `prune`.
    func applyRetention(policy: RetentionPolicy, dryRun: Bool = false) async throws -> PruneSummary {
        guard !policy.isEmpty else {
            throw EngineError(.configuration, "The retention rules keep nothing but the newest snapshot (every rule is 0): refusing to delete the rest. Keep at least one, e.g. --keep-last 10.")
        }
        let catalog = try await loadCatalog()
        let plan: RetentionPlan
        do {
            plan = try RetentionPlan(catalog: catalog, policy: policy, timeZone: configuration.timeZone)
        } catch let error as DomainError {
            throw EngineError(.configuration, error.message)
        }
        let graceLimit = clock.now().addingTimeInterval(-configuration.orphanGraceSeconds)
        let incomplete = plan.incompleteToDelete.filter { $0.date < graceLimit }
        var summary = PruneSummary()
        summary.kept = plan.kept.map(\.rawValue)
        summary.decisions = (plan.keptWithReasons.map { PruneDecision(id: $0.id.rawValue, kept: true, reasons: $0.reasons) }
            + plan.snapshotsToDelete.map { PruneDecision(id: $0.rawValue, kept: false, reasons: []) }).sorted { $0.id < $1.id }
        summary.dryRun = dryRun
        if dryRun {
            summary.deletedSnapshots = plan.snapshotsToDelete.map(\.rawValue)
            summary.deletedIncomplete = incomplete.map(\.rawValue)
            return summary
        }
        progress.report(.phase(name: "prune", totalFiles: plan.snapshotsToDelete.count + incomplete.count, totalBytes: 0))
        for id in plan.snapshotsToDelete {
            summary.objectsDeleted += try await deleteFolder(catalog.folderKey(id))
            summary.deletedSnapshots.append(id.rawValue)
            logger.info("pruned snapshot \(id.rawValue)")
        }
        for id in incomplete {
            summary.objectsDeleted += try await deleteFolder(catalog.folderKey(id))
            summary.deletedIncomplete.append(id.rawValue)
            logger.info("removed incomplete snapshot folder \(id.rawValue) (no manifest: a push that did not finish)")
        }
        if let newest = catalog.latest {
            try await removeIncompleteSafety(catalog, olderThan: newest, graceLimit: graceLimit, into: &summary)
        }
        return summary
    }

    /// Removes the half-written snapshots inside safety folders (a restore killed while saving
    /// the local state): they restore nothing, are never listed, and would otherwise stay in
    /// the bucket forever. Complete safety snapshots are never touched (SPEC item 17).
    private func removeIncompleteSafety(
        _ catalog: SnapshotCatalog, olderThan newest: SnapshotID, graceLimit: Date, into summary: inout PruneSummary
    ) async throws {
        for folder in catalog.safety {
            let base = catalog.folderKey(named: folder)
            let ids = try await listFolders(under: base).compactMap { try? SnapshotID(parsing: $0) }
            let complete = Set(try await safetySnapshots(in: folder))
            let stale = ids.filter { !complete.contains($0) && $0 < newest && $0.date < graceLimit }
            for id in stale {
                summary.objectsDeleted += try await deleteFolder(base + id.rawValue + "/")
                summary.deletedIncomplete.append(folder + "/" + id.rawValue)
                logger.info("removed incomplete safety snapshot \(folder)/\(id.rawValue) (a restore that did not finish)")
            }
        }
    }
}
