import AgentBackupDomain
import AgentBackupPorts

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
    func hashLocalFiles(_ plan: RestorePlan, target: BackupTarget) async throws -> [VirtualPath: String] {
        let statCache = StatCache.load(fileSystem: fileSystem, path: statCachePath)
        let jobs = plan.items.compactMap { item -> LocalHashJob? in
            guard case .download(let local) = item.action else { return nil }
            return LocalHashJob(path: item.path, local: local)
        }
        let fileSystem = self.fileSystem
        let hasher = self.hasher
        let redactor = target.redactor
        let rules = target.rules
        let hashes = try await concurrentMap(jobs, limit: configuration.hashConcurrency) { job -> (VirtualPath, String)? in
            guard let status = try? fileSystem.status(job.local), status.kind == .regular else { return nil }
            let path = job.path.string
            if let redactor, redactor.redacts(virtualPath: path) {
                guard status.size <= Self.maxRedactedFileBytes,
                      let local = try? fileSystem.readFile(job.local),
                      let redacted = try? redactor.redact(local, virtualPath: path) else { return nil }
                return (job.path, hasher.digest(of: redacted.contents).sha256)
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
