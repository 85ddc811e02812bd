import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// Where a push writes its snapshot.
enum SnapshotKind: Sendable, Equatable {
    /// `<prefix>/<id>/`: becomes the local cache, retention applies.
    case regular
    /// `<prefix>/<folder>/<id>/`, taken before a restore: never cached, never pruned automatically.
    case safety(folder: String)
}

extension BackupEngine {
    /// One backup (SPEC "Push"): walk, snapshot databases, hash (skipping files the stat cache
    /// vouches for), diff against the cached manifest, upload what changed, carry the rest by
    /// server-side copy from the cached snapshot, write the manifest LAST, save the caches, prune.
    ///
    /// "No changes" writes nothing and makes one request (the HEAD proving the cached snapshot
    /// still exists). Files that could not be read are named; the rest is backed up and then the
    /// push throws `EngineError` `.failed`, so a partial backup never exits 0.
    public func push(_ target: BackupTarget) async throws -> PushSummary {
        let start = clock.now().timeIntervalSince1970
        try checkCacheOutsideRoots(target)
        let work = try WorkArea.open(fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory)
        defer { work.close() }
        var summary = try await pushSnapshot(target, kind: .regular, work: work)
        summary.durationSeconds = elapsed(since: start)
        try Self.throwIfFilesFailed(summary)
        return summary
    }

    /// Throws `.failed` naming every file of `summary.failures`.
    static func throwIfFilesFailed(_ summary: PushSummary) throws {
        guard !summary.failures.isEmpty else { return }
        let names = summary.failures.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
        let what = summary.snapshot.map { "the rest is in snapshot \($0)" } ?? "nothing new was written"
        throw EngineError(.failed,
            "\(summary.failures.count) file(s) could not be backed up (\(what)): \(names)",
            files: summary.failures.map(\.path))
    }

    /// The push itself, for a regular or a safety snapshot; `work` is the caller's private area.
    func pushSnapshot(_ target: BackupTarget, kind: SnapshotKind, work: WorkArea) async throws -> PushSummary {
        progress.report(.phase(name: "scan", totalFiles: 0, totalBytes: 0))
        let scanStart = clock.now()
        let scanStartNs = Int64((scanStart.timeIntervalSince1970 * 1e9).rounded(.down))
        var gatherer = FileGatherer(fileSystem: fileSystem, rules: target.rules)
        gatherer.removeStalePartials = true
        let gathered = gatherer.gather(roots: target.roots)
        var summary = PushSummary(outcome: .noFiles)
        summary.failures = gathered.failures
        for issue in gathered.failures { logger.error("cannot back up \(issue.path): \(issue.message)") }
        if gathered.files.isEmpty && gathered.failures.isEmpty {
            logger.notice("no files to back up in the roots of \(target.id)")
            progress.report(.message("no files to back up"))
            return summary
        }

        let loadedStatCache = StatCache.load(fileSystem: fileSystem, path: statCachePath)
        let scanned = try await scan(gathered.files, target: target, statCache: loadedStatCache,
                                     scanStartNs: scanStartNs, work: work)
        summary.filesRead = scanned.filesRead
        summary.failures += scanned.failures
        for issue in scanned.failures { logger.error("cannot back up \(issue.path): \(issue.message)") }
        var statCache = scanned.statCache
        var current: [String: ManifestEntry] = [:]
        var sources: [String: ScannedFile] = [:]
        for file in scanned.files {
            current[file.path] = file.entry
            sources[file.path] = file
        }

        let cached = manifestCache.load(prefix: configuration.prefix)
        var previous: CachedSnapshot? = nil
        if let cached {
            if try await cachedSnapshotExists(cached) {
                previous = cached
            } else {
                summary.previousSnapshotMissing = true
                logger.warning("the snapshot the local cache describes (\(cached.location)) is gone from \(store.displayName): uploading every file")
            }
        }
        // A file (or folder) that could not be read this time keeps its last backed-up version.
        if let previous {
            for issue in summary.failures {
                if issue.path.hasSuffix("/") {
                    for (path, entry) in previous.manifest.files where current[path] == nil && path.hasPrefix(issue.path) {
                        current[path] = entry
                    }
                } else if current[issue.path] == nil, let entry = previous.manifest.files[issue.path] {
                    current[issue.path] = entry
                }
            }
        }
        summary.files = current.count
        summary.bytes = current.values.reduce(0) { $0 + $1.size }
        if current.isEmpty {
            try? statCache.save(fileSystem: fileSystem, path: statCachePath)
            return summary
        }

        // Fast path: every entry identical to the cached snapshot's (no diff to sort).
        if kind == .regular, let previous, previous.manifest.files == current {
            summary.outcome = .noChanges
            summary.unchanged = current.count
            return try finishWithoutChanges(summary, previous: previous, statCache: statCache, loaded: loadedStatCache)
        }
        let plan = PushPlan(current: current, previous: previous?.manifest, previousSnapshot: previous?.location.id)
        summary.added = plan.diff.added.count
        summary.changed = plan.diff.changed.count
        summary.deleted = plan.diff.deleted.count
        summary.unchanged = plan.diff.unchanged.count
        if kind == .regular && !plan.hasChanges, let previous {
            summary.outcome = .noChanges
            return try finishWithoutChanges(summary, previous: previous, statCache: statCache, loaded: loadedStatCache)
        }

        let id = newSnapshotID(after: cached?.location.id)
        let location: SnapshotLocation
        switch kind {
        case .regular: location = layout.regular(id)
        case .safety(let folder): location = layout.safety(folder: folder, id: id)
        }
        summary.outcome = .pushed
        summary.snapshot = id.rawValue
        summary.location = location.folder

        let transfers = try await transfer(plan: plan, sources: sources, previous: previous, to: location, work: work)
        var entries = current
        for outcome in transfers {
            switch outcome.result {
            case .copied:
                summary.copied += 1
            case .uploaded(let entry):
                summary.uploaded += 1
                summary.uploadedBytes += entry.size
                if entry != current[outcome.path] {
                    entries[outcome.path] = entry
                    statCache.remove(outcome.path)
                }
            case .failed(let issue):
                summary.failures.append(issue)
                statCache.remove(outcome.path)
                logger.error("cannot back up \(issue.path): \(issue.message)")
                // Like a file that could not be read: it keeps its last backed-up version, so a
                // full disk or a lost temporary folder never publishes a snapshot missing files
                // (which retention could then make the only one left).
                if let previous, let entry = previous.manifest.files[outcome.path],
                   await carryForward(outcome.path, from: previous, to: location) {
                    entries[outcome.path] = entry
                } else {
                    entries[outcome.path] = nil
                }
            }
        }
        summary.files = entries.count
        summary.bytes = entries.values.reduce(0) { $0 + $1.size }

        let manifestBytes = try await uploadManifest(Manifest(snapshot: id, files: entries, origin: target.origin), to: location)
        if kind == .regular {
            do {
                try manifestCache.save(bytes: manifestBytes, location: location, prefix: configuration.prefix)
            } catch {
                throw EngineError(.failed, "Snapshot \(id.rawValue) was uploaded but the local cache \(manifestCache.manifestPath) could not be written: \(error). The next push will upload every file again.")
            }
        }
        try? statCache.save(fileSystem: fileSystem, path: statCachePath)
        logger.notice("pushed snapshot \(location): \(summary.uploaded) uploaded, \(summary.copied) carried by copy, \(summary.deleted) dropped")

        if kind == .regular {
            do {
                let pruned = try await applyRetention(keep: configuration.keepSnapshots)
                summary.pruned = pruned.deletedSnapshots + pruned.deletedIncomplete
            } catch {
                logger.warning("the snapshot was pushed but pruning old snapshots failed: \(error)")
            }
        }
        return summary
    }

    /// Copies the last backed-up version of `path` into the new snapshot (server side); false
    /// when that fails too.
    private func carryForward(_ path: String, from previous: CachedSnapshot, to location: SnapshotLocation) async -> Bool {
        do {
            try await store.copy(from: previous.location.key(for: path), to: location.key(for: path))
            logger.warning("\(path): its last backed-up version (snapshot \(previous.location.id.rawValue)) is kept in this snapshot")
            return true
        } catch {
            logger.error("\(path): its last backed-up version could not be kept either (\(error)); it is left out of this snapshot")
            return false
        }
    }

    /// Ends a push that has nothing to write: "no changes since last push".
    private func finishWithoutChanges(
        _ summary: PushSummary, previous: CachedSnapshot, statCache: StatCache, loaded: StatCache
    ) throws -> PushSummary {
        logger.notice("no changes since last push (snapshot \(previous.location.id.rawValue))")
        progress.report(.message("no changes since last push"))
        // Rewritten only when it learnt something: a daemon's idle pushes write nothing.
        if statCache != loaded { try? statCache.save(fileSystem: fileSystem, path: statCachePath) }
        return summary
    }

    /// Whether the snapshot the cache describes still exists with the manifest the cache holds
    /// (SPEC item 13): one HEAD; the stored size must be that of the cached plaintext in this
    /// run's mode (a B2EN envelope adds exactly 64 bytes).
    func cachedSnapshotExists(_ cached: CachedSnapshot) async throws -> Bool {
        let info: ObjectInfo?
        do {
            info = try await store.head(key: cached.location.manifestKey)
        } catch {
            throw EngineError.wrapping(error, context: "Checking the last snapshot \(cached.location.manifestKey)")
        }
        guard let info else { return false }
        let expected = Int64(cached.bytes.count + (codec.encrypts ? 64 : 0))
        if info.size != expected {
            logger.warning("\(cached.location.manifestKey) is \(info.size) bytes, not the \(expected) the local cache implies: treating it as another snapshot")
            return false
        }
        return true
    }

    /// A snapshot id for now, later than `previous` (ids must grow even if the clock did not).
    func newSnapshotID(after previous: SnapshotID?) -> SnapshotID {
        let now = SnapshotID(date: clock.now())
        guard let previous, now <= previous else { return now }
        // One millisecond later, aiming at the middle of it so truncation cannot fall back.
        let milliseconds = (previous.date.timeIntervalSince1970 * 1000).rounded() + 1
        return SnapshotID(date: Date(timeIntervalSince1970: (milliseconds + 0.5) / 1000))
    }

    /// Encodes and uploads the manifest (the completeness marker); returns its plaintext.
    func uploadManifest(_ manifest: Manifest, to location: SnapshotLocation) async throws -> [UInt8] {
        progress.report(.phase(name: "manifest", totalFiles: 1, totalBytes: 0))
        let plaintext = manifest.encoded()
        do {
            let stored = try codec.encode(plaintext)
            try await store.put(key: location.manifestKey, body: .bytes(stored),
                                contentType: codec.encrypts ? "application/octet-stream" : "application/json")
        } catch {
            throw EngineError.wrapping(error, context: "Uploading the manifest \(location.manifestKey)")
        }
        return plaintext
    }
}
