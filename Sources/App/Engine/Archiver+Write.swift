import AgentBackupDomain
import AgentBackupPorts

extension Archiver {
    /// Stores what the plan uploads, reuses the rest, commits the manifest LAST (recording the
    /// machine it was taken on, `origin`, for a later `restore --map-home`), saves the caches and
    /// (regular snapshots) applies retention.
    func write(
        _ state: PushState, plan: PushPlan, previous: CachedSnapshot?, ref: SnapshotRef, kind: SnapshotKind,
        origin: SnapshotOrigin?, repository: any SnapshotRepository, work: WorkArea
    ) async throws -> PushSummary {
        var state = state
        state.summary.outcome = .pushed
        state.summary.snapshot = ref.description
        let writer: any SnapshotWriter
        do {
            writer = try await repository.beginSnapshot(ref, previous: previous.map { PreviousSnapshot(ref: $0.ref, manifest: $0.manifest) })
        } catch {
            throw EngineError.wrapping(error, context: "Starting snapshot \(ref)")
        }
        let outcomes = try await transfer(plan: plan, current: state.current, sources: state.sources, writer: writer, work: work)
        let entries = await apply(outcomes, to: &state, writer: writer, previous: previous)
        state.summary.files = entries.count
        state.summary.bytes = entries.values.reduce(0) { $0 + $1.size }

        context.progress.report(.phase(name: "manifest", totalFiles: 1, totalBytes: 0))
        let manifestBytes: [UInt8]
        do {
            manifestBytes = try await writer.commit(Manifest(snapshot: ref.id, files: entries, origin: origin), metadata: state.metadata)
        } catch {
            throw EngineError.wrapping(error, context: "Writing the manifest of \(ref)")
        }
        try saveCaches(state, manifestBytes: manifestBytes, ref: ref, kind: kind)
        context.logger.notice("pushed snapshot \(ref): \(state.summary.uploaded) uploaded, \(state.summary.copied) carried by copy, \(state.summary.deleted) dropped")
        if kind == .regular {
            do {
                let pruned = try await Pruner(context: context).applyRetention(policy: context.configuration.retention, repository: repository, afterPush: true)
                state.summary.pruned = pruned.deletedSnapshots + pruned.deletedIncomplete
            } catch {
                context.logger.warning("the snapshot was pushed but pruning old snapshots failed: \(error)")
            }
        }
        return state.summary
    }

    /// The manifest's entries after the transfers: an upload records the bytes it actually sent;
    /// a file that failed keeps its last backed-up version when that can be reused (a full disk
    /// or a lost temporary folder never publishes a snapshot missing files, which retention
    /// could then make the only one left), else it is left out and named.
    private func apply(
        _ outcomes: [TransferOutcome], to state: inout PushState, writer: any SnapshotWriter, previous: CachedSnapshot?
    ) async -> [VirtualPath: ManifestEntry] {
        var entries = state.current
        for outcome in outcomes {
            switch outcome.result {
            case .copied:
                state.summary.copied += 1
            case .uploaded(let entry):
                state.summary.uploaded += 1
                state.summary.uploadedBytes += entry.size
                if entry != state.current[outcome.path] {
                    entries[outcome.path] = entry
                    state.statCache.remove(outcome.path)
                }
            case .failed(let issue):
                state.summary.failures.append(issue)
                state.statCache.remove(outcome.path)
                context.logger.error("cannot back up \(issue.shownPath): \(issue.message)")
                let kept = await keepLastVersion(outcome.path, previous: previous, writer: writer)
                entries[outcome.path] = kept
            }
        }
        return entries
    }

    /// Reuses the last backed-up version of `path` in the new snapshot; nil when there is none
    /// or that fails too.
    private func keepLastVersion(_ path: VirtualPath, previous: CachedSnapshot?, writer: any SnapshotWriter) async -> ManifestEntry? {
        guard let previous, let entry = previous.manifest.files[path] else { return nil }
        do {
            if try await writer.reuse(path, entry: entry) {
                context.logger.warning("\(path): its last backed-up version (snapshot \(previous.ref)) is kept in this snapshot")
                return entry
            }
        } catch {
            context.logger.error("\(path): its last backed-up version could not be kept either (\(error)); it is left out of this snapshot")
            return nil
        }
        context.logger.error("\(path): its last backed-up version could not be kept either; it is left out of this snapshot")
        return nil
    }

    private func saveCaches(_ state: PushState, manifestBytes: [UInt8], ref: SnapshotRef, kind: SnapshotKind) throws {
        if kind == .regular {
            let cache = context.manifestCache
            do {
                try cache.save(bytes: manifestBytes, ref: ref, prefix: context.configuration.prefix)
            } catch {
                throw EngineError(.failed, "Snapshot \(ref) was uploaded but the local cache \(cache.manifestPath) could not be written: \(error). The next push will upload every file again.")
            }
        }
        try? state.statCache.save(fileSystem: context.fileSystem, path: context.statCachePath)
    }
}
