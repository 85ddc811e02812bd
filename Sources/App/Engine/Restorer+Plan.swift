import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// The restore plan: every path checked before anything is read or written, identical local
    /// files skipped, and for a mirror the local files the snapshot lacks. With `mapped`,
    /// `manifest` is the mapped one and files whose paths are rewritten are never skipped (a
    /// local copy equal to the snapshot's bytes still holds the old paths).
    func plan(
        _ manifest: Manifest, ref: SnapshotRef, target: BackupTarget, options: RestoreOptions, mapped: MappedSnapshot? = nil
    ) async throws -> RestorePlan {
        let destination: RestorePlan.Destination = options.targetDirectory.map { .directory(LocalPath.trimmed($0)) } ?? .roots(target.roots)
        let destinationRoots = Self.roots(of: target, in: options.targetDirectory)
        let unchecked = try makePlan(manifest, destination: destination, localHashes: [:], localFiles: nil, ref: ref)
        try checkParents(of: unchecked, roots: destinationRoots, destination: destination)

        context.progress.report(.phase(name: "compare", totalFiles: unchecked.items.count, totalBytes: 0))
        var localHashes = try await hashLocalFiles(unchecked, target: target, mapped: mapped)
        if let mapped { localHashes = localHashes.filter { !mapped.rewrites.contains($0.key) } }
        var localFiles: [VirtualPath]? = nil
        if options.mirrorDelete {
            let local = FileGatherer(fileSystem: context.fileSystem, rules: target.rules).gather(roots: destinationRoots)
            if !local.failures.isEmpty {
                throw EngineError(.failed, "Cannot mirror: some local folders could not be read: "
                    + local.failures.map { "\($0.shownPath): \($0.message)" }.joined(separator: "; "), files: local.failures.map(\.path))
            }
            localFiles = local.files.map(\.path)
        }
        return try makePlan(manifest, destination: destination, localHashes: localHashes, localFiles: localFiles, ref: ref)
    }

    /// The plan, with every refusal turned into one integrity error that names the paths.
    private func makePlan(
        _ manifest: Manifest, destination: RestorePlan.Destination,
        localHashes: [VirtualPath: String], localFiles: [VirtualPath]?, ref: SnapshotRef
    ) throws -> RestorePlan {
        let plan: RestorePlan
        do {
            plan = try RestorePlan(manifest: manifest, destination: destination, localHashes: localHashes, localFiles: localFiles)
        } catch {
            throw EngineError.wrapping(error, context: "Refusing to restore \(ref)")
        }
        let refused = plan.refusals
        guard refused.isEmpty else {
            let reasons = refused.prefix(20).compactMap { item -> String? in
                if case .refuse(let reason) = item.action { return reason } else { return nil }
            }
            throw EngineError(.integrity,
                "Refusing to restore \(ref): \(refused.count) path(s) of its manifest cannot be restored safely; nothing was written. "
                + reasons.joined(separator: "; "), files: refused.map(\.path.string))
        }
        return plan
    }
}
