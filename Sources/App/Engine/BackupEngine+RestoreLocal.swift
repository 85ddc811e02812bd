import AgentBackupDomain
import AgentBackupPorts

/// A downloaded, verified file waiting in its destination folder to be renamed into place.
struct PreparedFile: Sendable {
    var path: VirtualPath
    var partial: String
    var destination: String
}

extension BackupEngine {
    /// Refuses to write through anything but real folders: every existing folder between the
    /// root (or target folder) and a destination must be a directory, not a symbolic link that
    /// could lead outside the roots, and the destination must not be a folder.
    func checkParents(of plan: RestorePlan, roots: [Root], destination: RestorePlan.Destination) throws {
        var checked: [String: Bool] = [:]  // folder -> exists as a real directory
        var problems: [(String, String)] = []
        for item in plan.items {
            guard case .download(let local) = item.action else { continue }
            let base: String
            switch destination {
            case .directory(let folder): base = Self.normalized(folder)
            case .roots:
                guard let root = roots.first(where: { $0.label == item.path.label }) else { continue }
                base = root.kind == .directory ? Self.normalized(root.path) : Self.parent(of: root.path)
            }
            guard local.hasPrefix(base == "/" ? "/" : base + "/") else {
                problems.append((item.path.string, "\(local) is outside \(base)"))
                continue
            }
            var folder = base
            let inside = local.dropFirst(base == "/" ? 1 : base.count + 1).split(separator: "/", omittingEmptySubsequences: false)
            for component in inside.dropLast() {
                folder += "/" + component
                if let known = checked[folder] {
                    if !known { break }
                    continue
                }
                do {
                    guard let status = try fileSystem.status(folder) else { checked[folder] = false; break }
                    if status.kind == .directory {
                        checked[folder] = true
                    } else {
                        let what = status.kind == .symlink ? "a symbolic link (never followed on restore)" : "not a folder"
                        problems.append((item.path.string, "\(folder) is \(what)"))
                        checked[folder] = false
                        break
                    }
                } catch {
                    problems.append((item.path.string, "\(error)"))
                    break
                }
            }
            if let status = try? fileSystem.status(local), status.kind == .directory {
                problems.append((item.path.string, "\(local) is a folder"))
            }
        }
        guard problems.isEmpty else {
            throw EngineError(.failed,
                "Cannot restore \(problems.count) file(s) because of what is on disk; nothing was written: "
                + problems.prefix(20).map { "\($0.0): \($0.1)" }.joined(separator: "; "),
                files: problems.map(\.0))
        }
    }

    /// SHA-256 of the local files at the plan's destinations (regular files only), so identical
    /// files are skipped. The stat cache answers for files it vouches for; a redacted file is
    /// compared by its redacted form, which is what the manifest describes.
    func hashLocalFiles(_ plan: RestorePlan, target: BackupTarget, work: WorkArea) async throws -> [VirtualPath: String] {
        let statCache = StatCache.load(fileSystem: fileSystem, path: statCachePath)
        let jobs = plan.items.compactMap { item -> LocalHashJob? in
            guard case .download(let local) = item.action else { return nil }
            return LocalHashJob(path: item.path, local: local)
        }
        let fileSystem = self.fileSystem
        let hasher = self.hasher
        let redactor = target.redactor
        let rules = target.rules
        let scratch = work.path
        let hashes = try await concurrentMap(jobs, limit: configuration.hashConcurrency) { job -> (VirtualPath, String)? in
            guard let status = try? fileSystem.status(job.local), status.kind == .regular else { return nil }
            let path = job.path.string
            if let redactor, redactor.redacts(path) {
                guard let copy = try? fileSystem.makeTemporaryFile(in: scratch, prefix: "cmp-") else { return nil }
                defer { try? fileSystem.remove(copy) }
                guard (try? redactor.redact(file: job.local, to: copy, path: path)) != nil,
                      let digest = try? hasher.digest(ofFile: copy) else { return nil }
                return (job.path, digest.sha256)
            }
            if !rules.isSQLite(path), let hash = statCache.hash(for: path, status: status) {
                return (job.path, hash)
            }
            guard let digest = try? hasher.digest(ofFile: job.local) else { return nil }
            return (job.path, digest.sha256)
        }
        var result: [VirtualPath: String] = [:]
        for case let (path, hash)? in hashes { result[path] = hash }
        return result
    }

    /// Downloads every file of `items` into a temporary file beside its destination, decodes and
    /// verifies it, puts back local values of redacted keys, and fsyncs it. If ANY file fails,
    /// every temporary file is removed and the error names all failed files: nothing unverified
    /// is ever left, and nothing is put in place.
    func prepareDownloads(
        _ items: [RestorePlan.Item], from location: SnapshotLocation, target: BackupTarget, work: WorkArea
    ) async throws -> (files: [PreparedFile], keysToReenter: [String: [String]]) {
        progress.report(.phase(name: "download", totalFiles: items.count, totalBytes: items.reduce(0) { $0 + $1.entry.size }))
        let outcomes = try await concurrentMap(items, limit: configuration.transferConcurrency) { item -> DownloadOutcome in
            await self.prepareOne(item, from: location, redactor: target.redactor, work: work)
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
        return (prepared, keys)
    }

    private enum DownloadOutcome: Sendable {
        case prepared(PreparedFile, missingKeys: [String])
        case failed(EngineError)
    }

    private func prepareOne(
        _ item: RestorePlan.Item, from location: SnapshotLocation, redactor: (any FileRedacting)?, work: WorkArea
    ) async -> DownloadOutcome {
        guard case .download(let destination) = item.action else {
            return .failed(EngineError(.failed, "\(item.path): nothing to download"))
        }
        let path = item.path.string
        var partial: String? = nil
        do {
            let folder = Self.parent(of: destination)
            try fileSystem.createDirectory(folder, mode: 0o700)
            let downloaded = try fileSystem.makeTemporaryFile(in: folder, prefix: FileGatherer.partialFilePrefix)
            partial = downloaded
            _ = try await downloadVerified(path: path, entry: item.entry, from: location, into: downloaded, work: work)
            var missingKeys: [String] = []
            if let redactor, redactor.redacts(path) {
                let merged = try fileSystem.makeTemporaryFile(in: folder, prefix: FileGatherer.partialFilePrefix)
                partial = merged
                defer { try? fileSystem.remove(downloaded) }
                let local = (try? fileSystem.status(destination))?.kind == .regular ? destination : nil
                missingKeys = try redactor.unredact(restored: downloaded, local: local, to: merged, path: path)
            }
            let ready = partial!
            if let existing = try fileSystem.status(destination), existing.kind == .regular {
                try fileSystem.setMode(ready, mode: existing.mode & 0o7777)
            }
            try fileSystem.sync(ready)
            progress.report(.fileDone(path: path, bytes: item.entry.size))
            return .prepared(PreparedFile(path: item.path, partial: ready, destination: destination), missingKeys: missingKeys)
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

    /// The folder holding `path`.
    static func parent(of path: String) -> String {
        let trimmed = normalized(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}

private struct LocalHashJob: Sendable {
    var path: VirtualPath
    var local: String
}
