import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// Downloads, decrypts and hash-checks every file of a snapshot (the newest when nil)
    /// without touching the roots: everything happens in the private work area. Throws
    /// `.integrity` naming every file that does not verify.
    public func verify(snapshot: SnapshotID?) async throws -> VerifySummary {
        try await verify(snapshot: snapshot, safetyFolder: nil)
    }

    /// `verify(snapshot:)` for a snapshot inside a safety folder (`safety-…`) when given.
    public func verify(snapshot: SnapshotID?, safetyFolder: String?) async throws -> VerifySummary {
        let start = clock.now().timeIntervalSince1970
        let work = try WorkArea.open(fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory)
        defer { work.close() }
        let location = try await resolveSnapshot(snapshot, safetyFolder: safetyFolder)
        let (manifest, _) = try await fetchManifest(location)
        let paths: [VirtualPath]
        do {
            paths = try manifest.validatedPaths()
        } catch {
            throw EngineError.wrapping(error, context: "The manifest of \(location) is not valid", file: location.manifestKey)
        }
        let items = paths.map { VerifyJob(path: $0.string, entry: manifest.files[$0.string]!) }
        progress.report(.phase(name: "verify", totalFiles: items.count, totalBytes: manifest.totalSize))
        let fileSystem = self.fileSystem
        let progress = self.progress
        let failures = try await concurrentMap(items, limit: configuration.transferConcurrency) { job -> EngineError? in
            var scratch: String? = nil
            defer { if let scratch { try? fileSystem.remove(scratch) } }
            do {
                let file = try work.makeFile("verify-")
                scratch = file
                _ = try await self.downloadVerified(path: job.path, entry: job.entry, from: location, into: file, work: work)
                progress.report(.fileDone(path: job.path, bytes: job.entry.size))
                return nil
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                return EngineError.wrapping(error, context: "Verifying \(job.path)", file: job.path)
            }
        }.compactMap { $0 }
        guard failures.isEmpty else {
            let kind: EngineError.Kind = failures.contains { $0.kind == .integrity } ? .integrity : .failed
            throw EngineError(kind, "Snapshot \(location) does not verify: \(failures.count) of \(items.count) file(s) failed: "
                + failures.prefix(20).map(\.message).joined(separator: "; "), files: failures.flatMap(\.files))
        }
        logger.notice("verified \(location): \(items.count) files, every hash matches")
        return VerifySummary(snapshot: location.id.rawValue, location: location.folder, files: items.count,
                             bytes: manifest.totalSize, durationSeconds: elapsed(since: start))
    }
}

private struct VerifyJob: Sendable {
    var path: String
    var entry: ManifestEntry
}
