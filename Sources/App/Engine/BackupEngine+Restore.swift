import Foundation
import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// Restores a snapshot (SPEC "Restore", items 1–3, 7, 9, 12, 16, 17).
    ///
    /// Order: resolve the snapshot; fetch and open its manifest in the run's mode; validate every
    /// path and map it to a root (or the target folder) — one bad path and nothing is written;
    /// hash the local files to skip identical ones; push a safety snapshot of the current state
    /// (unless skipped, dry, or into a target folder); download every changed file into a
    /// temporary file in its destination folder, decode and verify it; only when EVERY file
    /// verified, fsync'd files are renamed into place and, for a mirror, extra files deleted.
    /// Afterwards the local manifest cache is the restored manifest.
    public func restore(_ target: BackupTarget, options: RestoreOptions) async throws -> RestoreSummary {
        let start = clock.now().timeIntervalSince1970
        let intoRoots = options.targetDirectory == nil
        if intoRoots { try checkCacheOutsideRoots(target) }
        let work = try WorkArea.open(fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory)
        defer { work.close() }

        let location = try await resolveSnapshot(options.snapshot, safetyFolder: options.safetyFolder)
        progress.report(.phase(name: "manifest", totalFiles: 1, totalBytes: 0))
        let (snapshotManifest, manifestBytes) = try await fetchManifest(location)
        // With --map: the files under their new names, each rewritten after its download.
        let mapped = try await mapSnapshotPaths(snapshotManifest, options: options, target: target, location: location, work: work)
        let manifest = mapped?.manifest ?? snapshotManifest
        let destination: RestorePlan.Destination = options.targetDirectory.map { .directory(Self.normalized($0)) } ?? .roots(target.roots)
        let destinationRoots = Self.roots(of: target, in: options.targetDirectory)

        // Every path checked before anything is read or written.
        let unchecked = try makePlan(manifest, destination: destination, localHashes: [:], localFiles: nil, location: location)
        try checkParents(of: unchecked, roots: destinationRoots, destination: destination)

        progress.report(.phase(name: "compare", totalFiles: unchecked.items.count, totalBytes: 0))
        let localHashes = try await hashLocalFiles(unchecked, target: target)
        var localFiles: [VirtualPath]? = nil
        if options.mirrorDelete {
            let local = FileGatherer(fileSystem: fileSystem, rules: target.rules).gather(roots: destinationRoots)
            if !local.failures.isEmpty {
                throw EngineError(.failed, "Cannot mirror: some local folders could not be read: "
                    + local.failures.map { "\($0.path): \($0.message)" }.joined(separator: "; "), files: local.failures.map(\.path))
            }
            localFiles = local.files.map(\.path)
        }
        let plan = try makePlan(manifest, destination: destination, localHashes: localHashes, localFiles: localFiles, location: location)

        var summary = RestoreSummary(snapshot: location.id.rawValue, location: location.folder,
                                     targetDirectory: options.targetDirectory, dryRun: options.dryRun)
        summary.files = plan.items.count
        summary.skipped = plan.skipped.count
        summary.downloaded = plan.downloads.count
        summary.downloadedBytes = plan.downloads.reduce(0) { $0 + $1.entry.size }
        summary.writtenPaths = plan.downloads.map(\.path.string)
        summary.deleted = plan.deletions.count
        summary.deletedPaths = plan.deletions.map(\.path.string)
        summary.pathMapping = mapped?.summary
        if options.dryRun {
            if let mapped { summary.pathMapping?.rewrites = try await dryRunRewrites(plan.downloads, mapped: mapped, from: location, work: work) }
            summary.durationSeconds = elapsed(since: start)
            logger.notice("dry run: \(summary.downloaded) file(s) would be written, \(summary.skipped) are identical, \(summary.deleted) would be deleted")
            return summary
        }

        let changesSomething = !plan.downloads.isEmpty || !plan.deletions.isEmpty
        // On a new machine no root exists yet: there is no current state to save.
        let anyRootExists = target.roots.contains { (try? fileSystem.status($0.path)) != nil }
        if intoRoots && !options.skipSafety && changesSomething && anyRootExists {
            summary.safetySnapshot = try await pushSafetySnapshot(target, work: work)
        }

        // Partial files of a restore that was killed are removed, or they would stay in the
        // roots (and in a --target folder, which no push ever walks) forever.
        var sweeper = FileGatherer(fileSystem: fileSystem, rules: target.rules)
        sweeper.removeStalePartials = true
        _ = sweeper.gather(roots: destinationRoots)

        let prepared = try await prepareDownloads(plan.downloads, from: location, target: target, work: work, mapped: mapped)
        summary.pathMapping?.rewrites = prepared.files.compactMap(\.pathRewrite)
        for (path, keys) in prepared.keysToReenter where !keys.isEmpty { summary.keysToReenter[path] = keys }
        for file in prepared.files where summary.keysToReenter[file.path.string] != nil {
            summary.reentryFiles[file.path.string] = file.destination
        }
        try install(prepared.files, rules: target.rules)
        try deleteExtra(plan.deletions, rules: target.rules)

        if intoRoots {
            var statCache = StatCache.load(fileSystem: fileSystem, path: statCachePath)
            for item in plan.downloads { statCache.remove(item.path.string) }
            for deletion in plan.deletions { statCache.remove(deletion.path.string) }
            try? statCache.save(fileSystem: fileSystem, path: statCachePath)
            do {
                try manifestCache.save(bytes: manifestBytes, location: location, prefix: configuration.prefix)
            } catch {
                logger.warning("restored, but the local cache could not be updated (\(error)); the next push uploads every file")
                try? fileSystem.remove(manifestCache.manifestPath)
            }
        }
        summary.durationSeconds = elapsed(since: start)
        logger.notice("restored \(location): \(summary.downloaded) written, \(summary.skipped) already identical, \(summary.deleted) deleted")
        return summary
    }

    /// The plan, with every refusal turned into one integrity error that names the paths.
    private func makePlan(
        _ manifest: Manifest, destination: RestorePlan.Destination,
        localHashes: [VirtualPath: String], localFiles: [VirtualPath]?, location: SnapshotLocation
    ) throws -> RestorePlan {
        let plan: RestorePlan
        do {
            plan = try RestorePlan(manifest: manifest, destination: destination, localHashes: localHashes, localFiles: localFiles)
        } catch {
            throw EngineError.wrapping(error, context: "Refusing to restore \(location)", file: location.manifestKey)
        }
        let refused = plan.refusals
        guard refused.isEmpty else {
            let reasons = refused.prefix(20).compactMap { item -> String? in
                if case .refuse(let reason) = item.action { return reason } else { return nil }
            }
            throw EngineError(.integrity,
                "Refusing to restore \(location): \(refused.count) path(s) of its manifest cannot be restored safely; nothing was written. "
                + reasons.joined(separator: "; "), files: refused.map(\.path.string))
        }
        return plan
    }

    /// Pushes the current local state as a safety snapshot; returns its key prefix.
    private func pushSafetySnapshot(_ target: BackupTarget, work: WorkArea) async throws -> String? {
        let folder = SafetyPrefix.name(for: clock.now())
        progress.report(.message("saving the current state as a safety snapshot under \(configuration.prefix)/\(folder)/"))
        let safety = try await pushSnapshot(target, kind: .safety(folder: folder), work: work)
        if !safety.failures.isEmpty {
            throw EngineError(.failed,
                "The safety snapshot could not save every local file, so nothing was restored: "
                + safety.failures.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                + ". Fix the files, or restore without a safety snapshot (--no-safety).",
                files: safety.failures.map(\.path))
        }
        return safety.location
    }

    /// The roots a restore writes into: the target's, or one folder per label under `--target`.
    static func roots(of target: BackupTarget, in targetDirectory: String?) -> [Root] {
        guard let targetDirectory else { return target.roots }
        let base = normalized(targetDirectory)
        return target.roots.map { Root(label: $0.label, path: base + "/" + $0.label, kind: .directory) }
    }
}
