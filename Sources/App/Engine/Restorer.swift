import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// Restore (SPEC "Restore", items 1–3, 7, 9, 12, 16, 17).
///
/// Order: resolve the snapshot; open its manifest in the run's mode; validate every path and
/// map it to a root (or the target folder) — one bad path and nothing is written; hash the local
/// files to skip identical ones; push a safety snapshot of the current state (unless skipped,
/// dry, or into a target folder); read every changed file into a temporary file in its
/// destination folder, verified; only when EVERY file verified, fsync'd files are renamed into
/// place and, for a mirror, extra files deleted. Afterwards the local manifest cache is the
/// restored manifest.
struct Restorer {
    let context: EngineContext

    func restore(_ target: BackupTarget, options: RestoreOptions) async throws -> RestoreSummary {
        let start = context.clock.now().timeIntervalSince1970
        let intoRoots = options.targetDirectory == nil
        if intoRoots { try context.checkCacheOutsideRoots(target) }
        let writes = intoRoots && !options.dryRun && !options.skipSafety
        var summary = try await context.withRepository(forWriting: writes) { work, repository in
            try await restore(target, options: options, work: work, repository: repository)
        }
        summary.durationSeconds = context.elapsed(since: start)
        return summary
    }

    private func restore(
        _ target: BackupTarget, options: RestoreOptions, work: WorkArea, repository: any SnapshotRepository
    ) async throws -> RestoreSummary {
        let ref = try await SnapshotResolver(repository: repository).resolve(options.snapshot)
        context.progress.report(.phase(name: "manifest", totalFiles: 1, totalBytes: 0))
        let manifest: Manifest
        do {
            manifest = try await repository.manifest(of: ref)
        } catch {
            throw EngineError.wrapping(error, context: "Opening snapshot \(ref)")
        }
        // With --map: the files under their new names, each rewritten after it is read.
        let mapped = try await mapPaths(manifest, ref: ref, target: target, options: options, work: work, repository: repository)
        let plan = try await plan(mapped?.manifest ?? manifest, ref: ref, target: target, options: options, mapped: mapped)
        var summary = RestoreSummary(plan: plan, snapshot: ref, options: options)
        summary.pathMapping = mapped?.summary
        if options.dryRun {
            if let mapped {
                summary.pathMapping?.rewrites = try await dryRunRewrites(
                    plan.downloads, mapped: mapped, rewriter: target.pathRewriter, ref: ref, manifest: manifest, work: work, repository: repository)
            }
            context.logger.notice("dry run: \(summary.downloaded) file(s) would be written, \(summary.skipped) are identical, \(summary.deleted) would be deleted")
            return summary
        }
        let intoRoots = options.targetDirectory == nil
        let changesSomething = !plan.downloads.isEmpty || !plan.deletions.isEmpty
        // On a new machine no root exists yet: there is no current state to save.
        let anyRootExists = target.roots.contains { (try? context.fileSystem.status($0.path)) != nil }
        if intoRoots && !options.skipSafety && changesSomething && anyRootExists {
            summary.safetySnapshot = try await pushSafetySnapshot(target, work: work, repository: repository)
        }
        // Partial files of a restore that was killed are removed, or they would stay in the
        // roots (and in a --target folder, which no push ever walks) forever.
        var sweeper = FileGatherer(fileSystem: context.fileSystem, rules: target.rules)
        sweeper.removeStalePartials = true
        _ = sweeper.gather(roots: Self.roots(of: target, in: options.targetDirectory))

        let names = ExactNames(fileSystem: context.fileSystem)
        let prepared = try await prepareDownloads(
            plan.downloads, ref: ref, manifest: manifest, target: target, repository: repository, mapped: mapped)
        summary.pathMapping?.rewrites = prepared.rewrites
        for (path, keys) in prepared.keysToReenter where !keys.isEmpty { summary.keysToReenter[path] = keys }
        for file in prepared.files where summary.keysToReenter[file.path.string] != nil {
            summary.reentryFiles[file.path.string] = file.destination
        }
        try install(prepared.files, rules: target.rules, names: names)
        try deleteExtra(plan.deletions, rules: target.rules)
        if intoRoots { updateCaches(plan, manifest: manifest, ref: ref) }
        context.logger.notice("restored \(ref): \(summary.downloaded) written, \(summary.skipped) already identical, \(summary.deleted) deleted")
        return summary
    }

    /// The restored manifest becomes the local cache; restored and deleted files leave the stat
    /// cache (their metadata changed). After a mapped restore the cache is the snapshot's own
    /// manifest (what the bucket holds), so the next push uploads the renamed and rewritten files
    /// as changes against it.
    private func updateCaches(_ plan: RestorePlan, manifest: Manifest, ref: SnapshotRef) {
        var statCache = StatCache.load(fileSystem: context.fileSystem, path: context.statCachePath)
        for item in plan.downloads { statCache.remove(item.path) }
        for deletion in plan.deletions { statCache.remove(deletion.path) }
        try? statCache.save(fileSystem: context.fileSystem, path: context.statCachePath)
        let cache = context.manifestCache
        do {
            try cache.save(bytes: manifest.encoded(), ref: ref, prefix: context.configuration.prefix)
        } catch {
            context.logger.warning("restored, but the local cache could not be updated (\(error)); the next push uploads every file")
            try? context.fileSystem.remove(cache.manifestPath)
        }
    }

    /// Pushes the current local state as a safety snapshot; returns its name.
    private func pushSafetySnapshot(_ target: BackupTarget, work: WorkArea, repository: any SnapshotRepository) async throws -> String? {
        let folder = SafetyPrefix.name(for: context.clock.now())
        context.progress.report(.message("saving the current state as a safety snapshot \(folder)"))
        let safety = try await Archiver(context: context).pushSnapshot(target, kind: .safety(folder: folder), work: work, repository: repository)
        if !safety.failures.isEmpty {
            throw EngineError(.failed,
                "The safety snapshot could not save every local file, so nothing was restored: "
                + safety.failures.map { "\($0.shownPath): \($0.message)" }.joined(separator: "; ")
                + ". Fix the files, or restore without a safety snapshot (--no-safety).",
                files: safety.failures.map(\.path))
        }
        if let name = safety.snapshot {
            context.logger.notice("safety snapshot \(name) holds the state before this restore: `restore --snapshot \(name)` undoes it")
        }
        return safety.snapshot
    }

    /// The roots a restore writes into: the target's, or one folder per label under `--target`.
    static func roots(of target: BackupTarget, in targetDirectory: String?) -> [Root] {
        guard let targetDirectory else { return target.roots }
        let base = LocalPath.trimmed(targetDirectory)
        return target.roots.map { Root(label: $0.label, path: base + "/" + $0.label, kind: .directory) }
    }
}

extension RestoreSummary {
    /// The counts and paths of a plan.
    init(plan: RestorePlan, snapshot: SnapshotRef, options: RestoreOptions) {
        self.init(snapshot: snapshot.description, targetDirectory: options.targetDirectory, dryRun: options.dryRun)
        files = plan.items.count
        skipped = plan.skipped.count
        downloaded = plan.downloads.count
        downloadedBytes = plan.downloads.reduce(0) { $0 + $1.entry.size }
        writtenPaths = plan.downloads.map(\.path.string)
        deleted = plan.deletions.count
        deletedPaths = plan.deletions.map(\.path.string)
    }
}
