import AgentBackupDomain
import AgentBackupPorts

/// What happened to one file of a push.
struct TransferOutcome: Sendable {
    enum Result: Sendable {
        case copied
        /// Stored; the entry describes the bytes actually sent (it differs from the scan's when
        /// the file changed in between).
        case uploaded(ManifestEntry)
        /// The local file could not be read: left out of the snapshot and reported.
        case failed(FileIssue)
    }

    var path: VirtualPath
    var result: Result
}

extension Archiver {
    /// Stores and reuses with at most `transferConcurrency` requests in flight. A reuse that is
    /// refused falls back to storing the file. A store failure fails the push (the manifest is
    /// then never written, so what was stored is garbage a later push collects).
    func transfer(
        plan: PushPlan, current: [VirtualPath: ManifestEntry], sources: [VirtualPath: ScannedFile], writer: any SnapshotWriter, work: WorkArea
    ) async throws -> [TransferOutcome] {
        let jobs = plan.uploads.map { TransferJob(path: $0, reuse: nil) } + plan.reuses.map { TransferJob(path: $0, reuse: current[$0]) }
        let uploadBytes = plan.uploads.reduce(Int64(0)) { $0 + (sources[$1]?.entry.size ?? 0) }
        context.progress.report(.phase(name: "upload", totalFiles: jobs.count, totalBytes: uploadBytes))
        return try await concurrentMap(jobs, limit: context.configuration.transferConcurrency) { job in
            try await self.transferOne(job, source: sources[job.path], writer: writer, work: work)
        }
    }

    private func transferOne(
        _ job: TransferJob, source: ScannedFile?, writer: any SnapshotWriter, work: WorkArea
    ) async throws -> TransferOutcome {
        let path = job.path
        if let entry = job.reuse, try await reuse(path, entry: entry, writer: writer) {
            context.progress.report(.fileDone(path: path.string, bytes: 0))
            return TransferOutcome(path: job.path, result: .copied)
        }
        guard let source else {
            return TransferOutcome(path: path, result: .failed(FileIssue(path: path.string,
                message: "could not be read and its previous version could not be copied")))
        }
        do {
            let entry = try await store(source, as: path, writer: writer, work: work)
            context.progress.report(.fileDone(path: path.string, bytes: entry.size))
            return TransferOutcome(path: path, result: .uploaded(entry))
        } catch let error as StoreError where error.code != .localIO {
            throw EngineError.wrapping(error, context: "Uploading \(path)", file: path.string)
        } catch let error as CryptoError where error.code == .library {
            throw EngineError.wrapping(error, context: "Encrypting \(path)", file: path.string)
        } catch let error as RepositoryError where error.kind != .failed {
            throw EngineError.wrapping(error, context: "Uploading \(path)", file: path.string)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return TransferOutcome(path: path, result: .failed(FileIssue(path: path.string, message: "\(error)")))
        }
    }

    private func reuse(_ path: VirtualPath, entry: ManifestEntry, writer: any SnapshotWriter) async throws -> Bool {
        do {
            return try await writer.reuse(path, entry: entry)
        } catch {
            throw EngineError.wrapping(error, context: "Reusing \(path)")
        }
    }

    /// Stores one file. A database the scan found unchanged (so not snapshotted) whose previous
    /// content cannot be reused after all is snapshotted now: only a private copy goes up.
    private func store(_ file: ScannedFile, as path: VirtualPath, writer: any SnapshotWriter, work: WorkArea) async throws -> ManifestEntry {
        guard file.isDatabase && !file.isPrivateCopy else {
            return try await writer.store(path, from: LocalSource(path: file.source, expected: file.entry, isStable: file.isPrivateCopy, status: file.status))
        }
        let copy = try work.makeFile("sqlite-")
        defer { try? context.fileSystem.remove(copy) }
        try context.sqlite.snapshot(database: file.source, to: copy)
        let digest = try context.hasher.digest(ofFile: copy)
        let entry = ManifestEntry(hash: digest.sha256, size: digest.size)
        return try await writer.store(path, from: LocalSource(path: copy, expected: entry, isStable: true, status: file.status))
    }
}

private struct TransferJob: Sendable {
    var path: VirtualPath
    /// The entry to reuse from the previous snapshot (nil: store the file).
    var reuse: ManifestEntry?
}
