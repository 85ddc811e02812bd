import AgentBackupDomain
import AgentBackupPorts

/// A downloaded, verified file waiting in its destination folder to be renamed into place.
struct PreparedFile: Sendable {
    var path: VirtualPath
    var partial: String
    var destination: String
    /// What `--map` rewrote in it, when it holds paths.
    var pathRewrite: PathMappingSummary.Rewrite? = nil
}

extension BackupEngine {
    /// Downloads every file of `items` into a temporary file beside its destination, decodes and
    /// verifies it, and puts back local values of redacted keys; then flushes them all to disk. If ANY file fails,
    /// every temporary file is removed and the error names all failed files: nothing unverified
    /// is ever left, and nothing is put in place.
    func prepareDownloads(
        _ items: [RestorePlan.Item], from location: SnapshotLocation, target: BackupTarget, work: WorkArea,
        mapped: MappedSnapshot? = nil
    ) async throws -> (files: [PreparedFile], keysToReenter: [String: [String]]) {
        progress.report(.phase(name: "download", totalFiles: items.count, totalBytes: items.reduce(0) { $0 + $1.entry.size }))
        let outcomes = try await concurrentMap(items, limit: configuration.transferConcurrency) { item -> DownloadOutcome in
            await self.prepareOne(item, from: location, redactor: target.redactor, work: work, mapped: mapped)
        }
        var prepared: [PreparedFile] = []
        var keys: [String: [String]] = [:]
        var failures: [EngineError] = []
        for outcome in outcomes {
            switch outcome {
            case .prepared(let file, let missingKeys):
                prepared.append(file)
                keys[file.path.string] = missingKeys
            case .failed(let error):
                failures.append(error)
            }
        }
        guard failures.isEmpty else {
            for file in prepared { try? fileSystem.remove(file.partial) }
            let kind: EngineError.Kind = failures.contains { $0.kind == .integrity } ? .integrity : .failed
            throw EngineError(kind,
                "Restore of \(location) failed for \(failures.count) file(s); no local file was changed: "
                + failures.prefix(20).map(\.message).joined(separator: "; "),
                files: failures.flatMap(\.files))
        }
        // Every verified file reaches the disk before the first one is renamed into place.
        do {
            try fileSystem.syncAll(prepared.map(\.partial))
        } catch {
            for file in prepared { try? fileSystem.remove(file.partial) }
            throw EngineError.wrapping(error, context: "Flushing the restored files to disk (no local file was changed)")
        }
        return (prepared, keys)
    }

    private enum DownloadOutcome: Sendable {
        case prepared(PreparedFile, missingKeys: [String])
        case failed(EngineError)
    }

    private func prepareOne(
        _ item: RestorePlan.Item, from location: SnapshotLocation, redactor: (any Redacting)?, work: WorkArea,
        mapped: MappedSnapshot?
    ) async -> DownloadOutcome {
        guard case .download(let destination) = item.action else {
            return .failed(EngineError(.failed, "\(item.path): nothing to download"))
        }
        let path = item.path.string
        // Under --map a renamed file is stored under its snapshot name.
        let snapshotPath = mapped?.snapshotPath(of: item.path) ?? item.path
        var partial: String? = nil
        do {
            let folder = Self.parent(of: destination)
            try fileSystem.createDirectory(folder, mode: 0o700)
            var downloaded = try fileSystem.makeTemporaryFile(in: folder, prefix: FileGatherer.partialFilePrefix)
            partial = downloaded
            _ = try await downloadVerified(path: snapshotPath.string, entry: item.entry, from: location, into: downloaded, work: work)
            var pathRewrite: PathMappingSummary.Rewrite? = nil
            if let mapped, let rewritten = try rewritePaths(
                in: downloaded, restoredAs: item.path, snapshotPath: snapshotPath, entry: item.entry, mapped: mapped, work: work) {
                if rewritten.file != downloaded {
                    partial = rewritten.file
                    try? fileSystem.remove(downloaded)
                    downloaded = rewritten.file
                }
                pathRewrite = rewritten.report
            }
            var missingKeys: [String] = []
            if let redactor, redactor.redacts(virtualPath: snapshotPath.string) {
                // Put back the local values of redacted keys (never a placeholder over a real key).
                let local = (try? fileSystem.status(destination))?.kind == .regular ? try fileSystem.readFile(destination) : nil
                let merged = try redactor.merge(restored: try fileSystem.readFile(downloaded), local: local, virtualPath: snapshotPath.string)
                let mergedPath = downloaded + "-merged"
                try fileSystem.writeFileAtomically(mergedPath, contents: merged.contents, mode: 0o600)
                partial = mergedPath
                try? fileSystem.remove(downloaded)
                missingKeys = merged.needsReentry
            }
            let ready = partial!
            if let existing = try fileSystem.status(destination), existing.kind == .regular {
                try fileSystem.setMode(ready, mode: existing.mode & 0o7777)
            }
            progress.report(.fileDone(path: path, bytes: item.entry.size))
            return .prepared(PreparedFile(path: item.path, partial: ready, destination: destination, pathRewrite: pathRewrite), missingKeys: missingKeys)
        } catch {
            if let partial { try? fileSystem.remove(partial) }
            return .failed(EngineError.wrapping(error, context: "Restoring \(path)", file: path))
        }
    }

    /// Renames the verified files into place. A SQLite database loses its stale `-wal`, `-shm`
    /// and `-journal` first: SQLite would otherwise replay the old log into the restored file.
    func install(_ files: [PreparedFile], rules: PathRules) throws {
        var failures: [(String, String)] = []
        for file in files {
            do {
                if rules.isSQLite(file.path) { try removeSidecars(of: file.destination) }
                try fileSystem.rename(file.partial, to: file.destination)
            } catch {
                failures.append((file.path.string, "\(error)"))
                try? fileSystem.remove(file.partial)
            }
        }
        guard failures.isEmpty else {
            throw EngineError(.failed, "\(failures.count) verified file(s) could not be put in place: "
                + failures.prefix(20).map { "\($0.0): \($0.1)" }.joined(separator: "; "), files: failures.map(\.0))
        }
    }

    /// Deletes the local files an exact mirror does not keep (regular files only).
    func deleteExtra(_ deletions: [RestorePlan.Deletion], rules: PathRules) throws {
        guard !deletions.isEmpty else { return }
        progress.report(.phase(name: "delete", totalFiles: deletions.count, totalBytes: 0))
        var failures: [(String, String)] = []
        for deletion in deletions {
            do {
                guard let status = try fileSystem.status(deletion.localPath), status.kind == .regular else { continue }
                try fileSystem.remove(deletion.localPath)
                if rules.isSQLite(deletion.path) { try removeSidecars(of: deletion.localPath) }
                progress.report(.fileDone(path: deletion.path.string, bytes: 0))
            } catch {
                failures.append((deletion.path.string, "\(error)"))
            }
        }
        guard failures.isEmpty else {
            throw EngineError(.failed, "\(failures.count) file(s) could not be deleted: "
                + failures.prefix(20).map { "\($0.0): \($0.1)" }.joined(separator: "; "), files: failures.map(\.0))
        }
    }

    private func removeSidecars(of database: String) throws {
        for suffix in ["-wal", "-shm", "-journal"] {
            let sidecar = database + suffix
            if let status = try fileSystem.status(sidecar), status.kind == .regular {
                try fileSystem.remove(sidecar)
            }
        }
    }
}
