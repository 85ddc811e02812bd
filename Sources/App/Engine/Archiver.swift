import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// Where a push writes its snapshot.
enum SnapshotKind: Sendable, Equatable {
    /// A regular snapshot: becomes the local cache, retention applies.
    case regular
    /// Inside the safety folder `folder`, taken before a restore: never cached, never pruned
    /// automatically.
    case safety(folder: String)
}

/// Push (SPEC "Push"): walk, snapshot databases, hash (skipping files the stat cache vouches
/// for), plan against the cached manifest, store what changed, reuse the rest from the cached
/// snapshot, commit the manifest LAST, save the caches, apply retention.
struct Archiver {
    let context: EngineContext

    /// One backup. "No changes" writes nothing and makes one request (proving the cached
    /// snapshot still exists). Files that could not be read are named; the rest is backed up and
    /// then the push throws `.failed`, so a partial backup never exits 0.
    func push(_ target: BackupTarget) async throws -> PushSummary {
        let start = context.clock.now().timeIntervalSince1970
        try context.checkCacheOutsideRoots(target)
        var summary = try await context.withRepository(forWriting: true, preparing: { [self] work in
            async let cached = context.manifestCache.load(prefix: context.configuration.prefix)
            return try await ScannedPush(state: scanState(target, work: work), cached: cached)
        }) { work, repository, scanned in
            try await pushSnapshot(target, kind: .regular, work: work, repository: repository, scanned: scanned)
        }
        summary.durationSeconds = context.elapsed(since: start)
        try Self.throwIfFilesFailed(summary)
        return summary
    }

    /// Throws `.failed` naming every file of `summary.failures`.
    static func throwIfFilesFailed(_ summary: PushSummary) throws {
        guard !summary.failures.isEmpty else { return }
        let names = summary.failures.map { "\($0.shownPath): \($0.message)" }.joined(separator: "; ")
        let what = summary.snapshot.map { "the rest is in snapshot \($0)" } ?? "nothing new was written"
        throw EngineError(.failed,
            "\(summary.failures.count) file(s) could not be backed up (\(what)): \(names)",
            files: summary.failures.map(\.path))
    }

    /// The push itself, for a regular or a safety snapshot; `scanned`: the scan already made
    /// (while the repository opened), else it is made here.
    func pushSnapshot(
        _ target: BackupTarget, kind: SnapshotKind, work: WorkArea, repository: any SnapshotRepository, scanned: ScannedPush? = nil
    ) async throws -> PushSummary {
        let scanState = scanned != nil ? scanned!.state : try await scanState(target, work: work)
        guard var state = scanState else { return PushSummary(outcome: .noFiles) }
        let cached = scanned != nil ? scanned!.cached : context.manifestCache.load(prefix: context.configuration.prefix)
        var previous = try await usablePrevious(cached, repository: repository, summary: &state.summary)
        // Without a usable local cache (a new machine, a cleared cache, a bucket another engine
        // wrote) the newest snapshot's manifest, read from the repository, is the base: unchanged
        // files are still carried forward. Opening it is also the key check.
        let fromRepository = previous == nil
        if fromRepository {
            previous = try await newestFromRepository(repository)
        }
        state.keepLastVersions(of: previous)
        state.summary.files = state.current.count
        state.summary.bytes = state.current.values.reduce(0) { $0 + $1.size }
        if state.current.isEmpty {
            try? state.statCache.save(fileSystem: context.fileSystem, path: context.statCachePath)
            return state.summary
        }
        // Fast path: every entry identical to the cached snapshot's (no diff to sort).
        if kind == .regular, let previous, previous.manifest.files == state.current {
            state.summary.outcome = .noChanges
            state.summary.unchanged = state.current.count
            return finishWithoutChanges(state, previous: previous, fromRepository: fromRepository)
        }
        let plan = PushPlan(current: state.current, previous: previous?.manifest, previousSnapshot: previous?.ref)
        state.summary.record(plan)
        if kind == .regular && !plan.hasChanges, let previous {
            state.summary.outcome = .noChanges
            return finishWithoutChanges(state, previous: previous, fromRepository: fromRepository)
        }
        if !fromRepository {
            _ = try await KeyCheck(context: context).newestManifest(in: repository, doing: "push")
        }
        let ref = try snapshotRef(kind, after: [cached?.ref.id, previous?.ref.id].compactMap { $0 }.max())
        return try await write(
            state, plan: plan, previous: previous, ref: ref, kind: kind, origin: target.origin, repository: repository, work: work)
    }

    /// Walks and hashes the roots; nil when they hold no file at all.
    private func scanState(_ target: BackupTarget, work: WorkArea) async throws -> PushState? {
        context.progress.report(.phase(name: "scan", totalFiles: 0, totalBytes: 0))
        let scanStartNs = Int64((context.clock.now().timeIntervalSince1970 * 1e9).rounded(.down))
        // Read while the walk runs (the cache of 100,000 files takes as long as a tenth of the walk).
        async let statCache = StatCache.load(fileSystem: context.fileSystem, path: context.statCachePath)
        var gatherer = FileGatherer(fileSystem: context.fileSystem, rules: target.rules)
        gatherer.removeStalePartials = true
        let gathered = gatherer.gather(roots: target.roots)
        for issue in gathered.failures { context.logger.error("cannot back up \(issue.shownPath): \(issue.message)") }
        if gathered.files.isEmpty && gathered.failures.isEmpty {
            context.logger.notice("no files to back up in the roots of \(target.id)")
            context.progress.report(.message("no files to back up"))
            return nil
        }
        let loaded = await statCache
        let scanned = try await scan(gathered.files, target: target, statCache: loaded, scanStartNs: scanStartNs, work: work)
        for issue in scanned.failures { context.logger.error("cannot back up \(issue.shownPath): \(issue.message)") }
        return PushState(gathered: gathered, scanned: scanned, loadedStatCache: loaded)
    }

    /// The cached snapshot, when it still exists with the cached manifest (SPEC item 13).
    private func usablePrevious(
        _ cached: CachedSnapshot?, repository: any SnapshotRepository, summary: inout PushSummary
    ) async throws -> CachedSnapshot? {
        guard let cached else { return nil }
        let holds: Bool
        do {
            holds = try await repository.holds(cached.ref, manifestBytes: cached.bytes)
        } catch {
            throw EngineError.wrapping(error, context: "Checking the last snapshot \(cached.ref)")
        }
        if holds { return cached }
        summary.previousSnapshotMissing = true
        context.logger.warning("the snapshot the local cache describes (\(cached.ref)) is gone from \(repository.displayName): comparing with the newest snapshot instead")
        return nil
    }

    /// The newest regular snapshot as the base of a push without a usable cache, after checking
    /// that this run's key opens the newest snapshot (refused otherwise: `KeyCheck`). A safety
    /// snapshot is checked but is no base (a regular snapshot must still be written).
    private func newestFromRepository(_ repository: any SnapshotRepository) async throws -> CachedSnapshot? {
        guard let newest = try await KeyCheck(context: context).newestManifest(in: repository, doing: "push"),
              !newest.ref.isSafety else { return nil }
        context.logger.info("no local cache of the last push: comparing with snapshot \(newest.ref) read from \(repository.displayName)")
        return CachedSnapshot(manifest: newest.manifest, bytes: newest.manifest.encoded(), ref: newest.ref)
    }

    /// Ends a push that has nothing to write: "no changes since last push".
    private func finishWithoutChanges(_ state: PushState, previous: CachedSnapshot, fromRepository: Bool) -> PushSummary {
        context.logger.notice("no changes since last push (snapshot \(previous.ref))")
        context.progress.report(.message("no changes since last push"))
        if fromRepository {
            // The next push then needs one HEAD, not a listing and a download.
            try? context.manifestCache.save(bytes: previous.bytes, ref: previous.ref, prefix: context.configuration.prefix)
        }
        // Rewritten only when it learnt something: a daemon's idle pushes write nothing.
        if state.statCache != state.loadedStatCache {
            try? state.statCache.save(fileSystem: context.fileSystem, path: context.statCachePath)
        }
        return state.summary
    }

    /// A name for the new snapshot: an id for now, later than `previous` (ids must grow even if
    /// the clock did not).
    func snapshotRef(_ kind: SnapshotKind, after previous: SnapshotID?) throws -> SnapshotRef {
        var id = SnapshotID(date: context.clock.now())
        if let previous, id <= previous {
            // One millisecond later, aiming at the middle of it so truncation cannot fall back.
            let milliseconds = (previous.date.timeIntervalSince1970 * 1000).rounded() + 1
            id = SnapshotID(date: Date(timeIntervalSince1970: (milliseconds + 0.5) / 1000))
        }
        switch kind {
        case .regular: return .regular(id)
        case .safety(let folder): return try SnapshotRef.safety(folder: folder, id: id)
        }
    }
}

/// A push's scan (nil when the roots hold no file at all) and the local manifest cache.
struct ScannedPush: Sendable {
    var state: PushState?
    var cached: CachedSnapshot?
}
