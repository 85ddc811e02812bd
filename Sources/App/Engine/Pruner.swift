import AgentBackupDomain
import AgentBackupPorts

/// Retention and removal: regular snapshots the policy does not keep, leftovers of pushes that
/// did not finish (SPEC item 15), and safety snapshots when — and only when — asked (SPEC 17).
/// Every snapshot is deleted by the repository, its manifest first.
struct Pruner {
    let context: EngineContext

    func prune(policy: RetentionPolicy, removeSafety: Bool, dryRun: Bool) async throws -> PruneSummary {
        try await context.withRepository(forWriting: false) { _, repository in
            if !dryRun { _ = try await KeyCheck(context: context).newestManifest(in: repository, doing: "prune") }
            var summary = try await applyRetention(policy: policy, repository: repository, dryRun: dryRun)
            if removeSafety && !dryRun {
                let catalog = try await repository.engineCatalog()
                try await delete(catalog.safety, from: repository, into: &summary)
            }
            return summary
        }
    }

    /// Deletes the named safety snapshots: a safety folder (`safety-…`, every snapshot in it) or
    /// one snapshot by the name `snapshots --safety` prints (`safety-…/<id>`). A name that
    /// matches none is a usage error, and then nothing is deleted.
    func removeSafety(in names: [String]) async throws -> PruneSummary {
        try await context.withRepository(forWriting: false) { _, repository in
            _ = try await KeyCheck(context: context).newestManifest(in: repository, doing: "delete safety snapshots")
            let catalog = try await repository.engineCatalog()
            var refs: [SnapshotRef] = []
            for name in names {
                let matching = catalog.safety.filter { $0.safetyFolder == name || $0.description == name }
                if matching.isEmpty {
                    throw EngineError(.configuration, "there is no safety snapshot \"\(name)\" in \(repository.displayName): see `snapshots --safety`")
                }
                refs += matching.filter { !refs.contains($0) }
            }
            var summary = PruneSummary()
            try await delete(refs, from: repository, into: &summary)
            return summary
        }
    }

    /// The retention step shared by `push` and `prune`; after a push (`afterPush`) the
    /// repository collects garbage only when that is due (`collectGarbageIfDue`).
    func applyRetention(policy: RetentionPolicy, repository: any SnapshotRepository, dryRun: Bool = false, afterPush: Bool = false) async throws -> PruneSummary {
        guard !policy.isEmpty else {
            throw EngineError(.configuration, "The retention rules keep nothing but the newest snapshot (every rule is 0): refusing to delete the rest. Keep at least one, e.g. --keep-last 10.")
        }
        do {
            try policy.validate()
        } catch let error as DomainError {
            throw EngineError(.configuration, error.message)
        }
        let catalog = try await repository.engineCatalog()
        let decision = policy.apply(to: catalog.regular.map(\.id), timeZone: context.configuration.timeZone)
        var summary = PruneSummary()
        summary.kept = decision.keep.map(\.id.rawValue)
        summary.decisions = (decision.keep.map { PruneDecision(id: $0.id.rawValue, kept: true, reasons: $0.reasons) }
            + decision.remove.map { PruneDecision(id: $0.rawValue, kept: false, reasons: []) }).sorted { $0.id < $1.id }
        summary.dryRun = dryRun
        if dryRun {
            summary.deletedSnapshots = decision.remove.map(\.rawValue)
            return summary
        }
        context.progress.report(.phase(name: "prune", totalFiles: decision.remove.count, totalBytes: 0))
        let deleted = try await run("Deleting old snapshots") { try await repository.delete(decision.remove.map { SnapshotRef.regular($0) }) }
        summary.deletedSnapshots = deleted.snapshots.map(\.description)
        summary.objectsDeleted += deleted.objects
        for ref in deleted.snapshots { context.logger.info("pruned snapshot \(ref)") }
        let garbage = try await run("Removing leftovers of unfinished pushes") {
            let now = context.clock.now().timeIntervalSince1970, grace = context.configuration.orphanGraceSeconds
            return afterPush
                ? try await repository.collectGarbageIfDue(now: now, graceSeconds: grace)
                : try await repository.collectGarbage(now: now, graceSeconds: grace)
        }
        summary.deletedIncomplete = garbage.leftovers
        summary.objectsDeleted += garbage.objects
        for leftover in garbage.leftovers { context.logger.info("removed incomplete snapshot \(leftover) (a push that did not finish)") }
        return summary
    }

    private func delete(_ refs: [SnapshotRef], from repository: any SnapshotRepository, into summary: inout PruneSummary) async throws {
        context.progress.report(.phase(name: "prune", totalFiles: refs.count, totalBytes: 0))
        let deleted = try await run("Deleting safety snapshots") { try await repository.delete(refs) }
        summary.objectsDeleted += deleted.objects
        var folders: [String] = []
        for ref in deleted.snapshots {
            context.logger.info("deleted safety snapshot \(ref)")
            if let folder = ref.safetyFolder, !folders.contains(folder) { folders.append(folder) }
        }
        summary.deletedSafety += folders
    }

    private func run<T>(_ context: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw EngineError.wrapping(error, context: context)
        }
    }
}
