import AgentBackupDomain
import AgentBackupPorts

/// `migrate`: copies this prefix's whole history — every complete snapshot, regular and safety,
/// oldest first, ids and timestamps kept — into another repository (another layout, prefix or
/// passphrase), over the repository seam only, and reads every file back from the destination.
///
/// - The source is only read.
/// - Each snapshot is written like a push: its files first (those unchanged since the previous
///   migrated snapshot carried by `reuse`, a server-side copy in the reference layout), its
///   manifest last; so a run killed at any point leaves at worst garbage, which the destination's
///   own garbage collection knows.
/// - Resumable: a snapshot already in the destination with the same manifest is not written
///   again; a destination holding any other snapshot (another history) is refused before
///   anything is written.
struct Migrator {
    let context: EngineContext

    func migrate(to destinations: any SnapshotRepositoryOpener) async throws -> MigrateSummary {
        let start = context.clock.now().timeIntervalSince1970
        return try await context.withRepository(forWriting: false) { work, source in
            let destination = try await open(destinations, work: work)
            guard destination.displayName != source.displayName else {
                throw EngineError(.configuration, "The destination is the backup being migrated (\(source.displayName)): choose another prefix with --to-prefix.")
            }
            let history = try await catalog(of: source)
            let refs = (history.regular + history.safety).sorted()
            guard !refs.isEmpty else {
                throw EngineError(.configuration, "There is no snapshot in \(source.displayName) to migrate: check the bucket and prefix (`agent-backup snapshots`).")
            }
            for leftover in history.incomplete {
                context.logger.notice("\(leftover) in \(source.displayName) is an unfinished push (no manifest): it is not migrated")
            }
            let present = try await snapshotsAlreadyThere(destination, of: refs, source: source)
            var summary = MigrateSummary(source: source.displayName, destination: destination.displayName, layout: destination.layout.rawValue)
            let batches = FileBatches(fileSystem: context.fileSystem, folder: work.path, concurrency: context.configuration.transferConcurrency)
            var previous: PreviousSnapshot?
            for (index, ref) in refs.enumerated() {
                context.progress.report(.message("snapshot \(index + 1) of \(refs.count): \(ref)"))
                let manifest = try await self.manifest(of: ref, in: source)
                var copied = MigrateSummary.Snapshot(snapshot: ref.description, outcome: .alreadyThere, files: manifest.files.count, bytes: manifest.totalSize)
                if !present.contains(ref) {
                    copied = try await copy(ref, manifest: manifest, previous: previous, from: source, to: destination, batches: batches)
                }
                summary.verifiedFiles += try await verify(ref, manifest: manifest, in: destination, batches: batches)
                summary.snapshots.append(copied)
                context.logger.notice("\(ref): \(copied.outcome == .copied ? "copied (\(copied.stored) stored, \(copied.reused) reused)" : "already in the destination"), verified")
                previous = PreviousSnapshot(ref: ref, manifest: manifest)
            }
            summary.durationSeconds = context.elapsed(since: start)
            return summary
        }
    }

    /// The destination, opened for writing with its own private folder.
    private func open(_ destinations: any SnapshotRepositoryOpener, work: WorkArea) async throws -> any SnapshotRepository {
        do {
            let scratch = try context.fileSystem.makeTemporaryDirectory(in: work.path, prefix: "destination-")
            return try await destinations.open(scratch: scratch, forWriting: true)
        } catch {
            throw EngineError.wrapping(error, context: "Opening the destination")
        }
    }

    func catalog(of repository: any SnapshotRepository) async throws -> RepositoryCatalog {
        do {
            return try await repository.catalog()
        } catch {
            throw EngineError.wrapping(error, context: "Listing snapshots in \(repository.displayName)")
        }
    }

    func manifest(of ref: SnapshotRef, in repository: any SnapshotRepository) async throws -> Manifest {
        do {
            return try await repository.manifest(of: ref)
        } catch {
            throw EngineError.wrapping(error, context: "Reading the manifest of \(ref) in \(repository.displayName)")
        }
    }

    /// The snapshots of `refs` the destination already holds with the same manifest. Throws,
    /// before anything is written, when it holds anything else: a snapshot the source does not
    /// have, or one whose manifest differs (another history), naming the first.
    private func snapshotsAlreadyThere(
        _ destination: any SnapshotRepository, of refs: [SnapshotRef], source: any SnapshotRepository
    ) async throws -> Set<SnapshotRef> {
        let existing = try await catalog(of: destination)
        let wanted = Set(refs)
        var present = Set<SnapshotRef>()
        for ref in (existing.regular + existing.safety).sorted() {
            let conflict = "\(destination.displayName) already holds another history: its snapshot \(ref)"
            let fix = "Migrate into an empty prefix (--to-prefix), or delete that prefix's objects first."
            guard wanted.contains(ref) else {
                throw EngineError(.configuration, "\(conflict) is not in \(source.displayName). \(fix)")
            }
            let theirs: Manifest
            do {
                theirs = try await destination.manifest(of: ref)
            } catch {
                let reason = EngineError.wrapping(error, context: "Reading its manifest").message
                throw EngineError(.configuration, "\(destination.displayName) holds snapshot \(ref), which does not open with the destination's passphrase (\(reason)). "
                    + "If an earlier migrate wrote it, run it again with the same new passphrase (--new-passphrase-from-env) or --no-encryption; otherwise \(fix.prefix(1).lowercased())\(fix.dropFirst())")
            }
            let ours = try await manifest(of: ref, in: source)
            guard theirs == ours else {
                throw EngineError(.configuration, "\(conflict) has other files than the same snapshot in \(source.displayName). \(fix)")
            }
            present.insert(ref)
        }
        if !present.isEmpty {
            context.logger.notice("\(present.count) snapshot(s) are already in \(destination.displayName) (an earlier migrate): they are checked, not written again")
        }
        return present
    }
}
