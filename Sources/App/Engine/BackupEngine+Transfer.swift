import AgentBackupDomain
import AgentBackupPorts

/// What happened to one file of a push.
struct TransferOutcome: Sendable {
    enum Result: Sendable {
        case copied
        /// Uploaded; the entry describes the bytes actually sent (it differs from the scan's when
        /// the file changed in between).
        case uploaded(ManifestEntry)
        /// The local file could not be read: left out of the snapshot and reported.
        case failed(FileIssue)
    }

    var path: String
    var result: Result
}

extension BackupEngine {
    /// Uploads and copies with at most `transferConcurrency` requests in flight. A copy that
    /// fails (the source object is gone, the store refuses cross-folder copies) falls back to an
    /// upload. A store failure on an upload fails the push (the manifest is then never written,
    /// so the half-filled folder is an orphan that a later push prunes).
    func transfer(
        plan: PushPlan, sources: [String: ScannedFile], previous: CachedSnapshot?,
        to location: SnapshotLocation, work: WorkArea
    ) async throws -> [TransferOutcome] {
        let jobs = plan.uploads.map { (path: $0, copy: false) } + plan.copies.map { (path: $0, copy: true) }
        let uploadBytes = plan.uploads.reduce(Int64(0)) { $0 + (sources[$1]?.entry.size ?? 0) }
        progress.report(.phase(name: "upload", totalFiles: jobs.count, totalBytes: uploadBytes))
        return try await concurrentMap(jobs.map { TransferJob(path: $0.path, copy: $0.copy) },
                                       limit: configuration.transferConcurrency) { job in
            try await self.transferOne(job, source: sources[job.path], previous: previous, to: location, work: work)
        }
    }

    private func transferOne(
        _ job: TransferJob, source: ScannedFile?, previous: CachedSnapshot?,
        to location: SnapshotLocation, work: WorkArea
    ) async throws -> TransferOutcome {
        let key = location.key(for: job.path)
        if job.copy, let previous {
            let from = previous.location.key(for: job.path)
            do {
                try await store.copy(from: from, to: key)
                progress.report(.fileDone(path: job.path, bytes: 0))
                return TransferOutcome(path: job.path, result: .copied)
            } catch let error as StoreError where error.code == .credentialsRejected || error.code == .accessDenied {
                throw EngineError.wrapping(error, context: "Copying \(from)")
            } catch {
                logger.info("server-side copy of \(from) failed (\(error)); uploading \(job.path) instead")
            }
        }
        guard let source else {
            return TransferOutcome(path: job.path, result: .failed(FileIssue(path: job.path,
                message: "could not be read and its previous version could not be copied")))
        }
        do {
            let entry = try await upload(source, to: key, work: work)
            progress.report(.fileDone(path: job.path, bytes: entry.size))
            return TransferOutcome(path: job.path, result: .uploaded(entry))
        } catch let error as StoreError where error.code != .localIO {
            throw EngineError.wrapping(error, context: "Uploading \(job.path)", file: job.path)
        } catch let error as CryptoError where error.code == .library {
            throw EngineError.wrapping(error, context: "Encrypting \(job.path)", file: job.path)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return TransferOutcome(path: job.path, result: .failed(FileIssue(path: job.path, message: "\(error)")))
        }
    }

    /// Sends one file and returns the entry of the bytes sent. Encrypted: the codec reads the
    /// file once into an envelope in the work area and hashes what it read. Plain: the file goes
    /// up as it is, and if its metadata changed meanwhile it is hashed and sent again.
    func upload(_ file: ScannedFile, to key: String, work: WorkArea) async throws -> ManifestEntry {
        var file = file
        if file.isDatabase && !file.isPrivateCopy {
            // A database the scan found unchanged, yet its previous object cannot be reused.
            let copy = try work.makeFile("sqlite-")
            defer { try? fileSystem.remove(copy) }
            try sqlite.snapshot(database: file.source, to: copy)
            let digest = try hasher.digest(ofFile: copy)
            file.source = copy
            file.isPrivateCopy = true
            file.entry = ManifestEntry(hash: digest.sha256, size: digest.size)
            return try await upload(file, to: key, work: work)
        }
        if codec.encrypts {
            if file.entry.size <= Self.smallFileBytes,
               let encoded = try codec.encode(smallFile: file.source, maxBytes: Int(file.entry.size)) {
                try await store.put(key: key, body: .bytes(encoded.stored), contentType: "application/octet-stream")
                return ManifestEntry(hash: encoded.digest.sha256, size: encoded.digest.size)
            }
            let envelope = try work.makeFile("up-")
            defer { try? fileSystem.remove(envelope) }
            let digest = try codec.encode(file: file.source, to: envelope)
            try await store.put(key: key, body: .file(path: envelope), contentType: "application/octet-stream")
            return ManifestEntry(hash: digest.sha256, size: digest.size)
        }
        if file.isPrivateCopy {
            try await store.put(key: key, body: .file(path: file.source), contentType: "application/octet-stream")
            return file.entry
        }
        var entry = file.entry
        var expected = file.status
        for _ in 0..<3 {
            try await store.put(key: key, body: .file(path: file.source), contentType: "application/octet-stream")
            guard let now = try fileSystem.status(file.source) else {
                throw FileSystemError(path: file.source, operation: "stat", message: "the file was deleted while it was uploaded")
            }
            if Self.sameMetadata(now, expected) { return entry }
            let digest = try hasher.digest(ofFile: file.source)
            entry = ManifestEntry(hash: digest.sha256, size: digest.size)
            expected = now
        }
        throw EngineError(.failed, "\(file.path) kept changing while it was uploaded", files: [file.path])
    }

    /// Files up to this size are encrypted and decrypted in memory, without a temporary
    /// envelope file (a few MiB in flight at the transfer concurrency).
    static var smallFileBytes: Int { 1 << 20 }

    /// Same size, times, inode and device: the bytes are taken to be the same.
    static func sameMetadata(_ a: FileStatus, _ b: FileStatus) -> Bool {
        a.size == b.size && a.mtimeNs == b.mtimeNs && a.ctimeNs == b.ctimeNs && a.inode == b.inode && a.device == b.device
    }
}

private struct TransferJob: Sendable {
    var path: String
    var copy: Bool
}
