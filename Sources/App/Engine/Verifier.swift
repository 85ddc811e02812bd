import AgentBackupDomain
import AgentBackupPorts

/// `verify`: reads every file of a snapshot (the newest when nil) through the repository —
/// authenticated and hash-checked — into the private work area, never touching the roots.
struct Verifier {
    let context: EngineContext

    /// Throws `.integrity` naming every file that does not verify.
    func verify(snapshot: SnapshotRef?) async throws -> VerifySummary {
        let start = context.clock.now().timeIntervalSince1970
        return try await context.withRepository(forWriting: false) { work, repository in
            let ref = try await SnapshotResolver(repository: repository).resolve(snapshot)
            let manifest = try await openManifest(ref, repository: repository)
            var summary = try await verify(ref, manifest: manifest, repository: repository, work: work)
            summary.durationSeconds = context.elapsed(since: start)
            return summary
        }
    }

    /// Every snapshot, regular and safety, oldest first. One that does not verify, or whose
    /// manifest does not open, is named and the others are still checked (issue #17 item 2).
    func verifyAll() async throws -> VerifyAllSummary {
        let start = context.clock.now().timeIntervalSince1970
        return try await context.withRepository(forWriting: false) { work, repository in
            let catalog = try await repository.engineCatalog()
            var result = VerifyAllSummary(snapshots: [], durationSeconds: 0)
            for ref in catalog.regular + catalog.safety {
                result.snapshots.append(try await check(ref, repository: repository, work: work))
            }
            result.durationSeconds = context.elapsed(since: start)
            return result
        }
    }

    /// One snapshot of `verifyAll`: its outcome; store failures (network, credentials) still stop.
    private func check(_ ref: SnapshotRef, repository: any SnapshotRepository, work: WorkArea) async throws -> VerifyAllSummary.Entry {
        let manifest: Manifest
        do {
            manifest = try await openManifest(ref, repository: repository)
        } catch let error as EngineError where error.kind != .failed {
            context.logger.error("snapshot \(ref) is unreadable: \(error.message)")
            return VerifyAllSummary.Entry(snapshot: ref.description, unreadable: error.message)
        }
        do {
            let summary = try await verify(ref, manifest: manifest, repository: repository, work: work)
            return VerifyAllSummary.Entry(snapshot: ref.description, files: summary.files, bytes: summary.bytes)
        } catch let error as EngineError where !error.files.isEmpty {
            context.logger.error("\(error.message)")
            return VerifyAllSummary.Entry(snapshot: ref.description, files: manifest.files.count, bytes: manifest.totalSize,
                                          failure: error.message, failedFiles: error.files, integrity: error.kind == .integrity)
        }
    }

    private func openManifest(_ ref: SnapshotRef, repository: any SnapshotRepository) async throws -> Manifest {
        do {
            let manifest = try await repository.manifest(of: ref)
            _ = try manifest.validatedPaths()
            return manifest
        } catch {
            throw EngineError.wrapping(error, context: "The manifest of \(ref) is not valid")
        }
    }

    /// Reads every file of `ref`; throws naming every file that does not verify.
    private func verify(_ ref: SnapshotRef, manifest: Manifest, repository: any SnapshotRepository, work: WorkArea) async throws -> VerifySummary {
        let paths = try manifest.validatedPaths()
        context.progress.report(.phase(name: "verify", totalFiles: paths.count, totalBytes: manifest.totalSize))
        let failures = try await readAll(paths, manifest: manifest, ref: ref, repository: repository, work: work)
        guard failures.isEmpty else {
            let kind: EngineError.Kind = failures.contains { $0.kind == .integrity } ? .integrity : .failed
            throw EngineError(kind, "Snapshot \(ref) does not verify: \(failures.count) of \(paths.count) file(s) failed: "
                + failures.prefix(20).map(\.message).joined(separator: "; "), files: failures.flatMap(\.files))
        }
        context.logger.notice("verified \(ref): \(paths.count) files, every hash matches")
        return VerifySummary(snapshot: ref.description, files: paths.count, bytes: manifest.totalSize, durationSeconds: 0)
    }

    /// Reads every file into a scratch file that is removed as soon as it is checked; returns
    /// the failures, each naming its file.
    private func readAll(
        _ paths: [VirtualPath], manifest: Manifest, ref: SnapshotRef, repository: any SnapshotRepository, work: WorkArea
    ) async throws -> [EngineError] {
        let fileSystem = context.fileSystem
        let progress = context.progress
        var files: [FileToRead] = []
        for path in paths {
            files.append(FileToRead(path: path, entry: manifest.files[path]!, destination: try work.makeFile("verify-")))
        }
        let failures = Locked([EngineError]())
        do {
            let reader = try await repository.reader(for: ref, manifest: manifest)
            try await reader.read(files, concurrency: context.configuration.transferConcurrency) { file, result in
                try? fileSystem.remove(file.destination)
                switch result {
                case .success: progress.report(.fileDone(path: file.path.string, bytes: file.entry.size))
                case .failure(let error):
                    let wrapped = EngineError.wrapping(error, context: "Verifying \(file.path)", file: file.path.string)
                    failures.withLock { $0.append(wrapped) }
                }
            }
        } catch {
            for file in files { try? fileSystem.remove(file.destination) }
            throw EngineError.wrapping(error, context: "Reading snapshot \(ref)")
        }
        return failures.withLock { $0 }
    }
}
