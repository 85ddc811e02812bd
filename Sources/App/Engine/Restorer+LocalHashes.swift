import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// SHA-256 of the local files at the plan's destinations (regular files only), so identical
    /// files are skipped. The stat cache answers for files it vouches for; a redacted file is
    /// compared by its redacted form, which is what the manifest describes (its rules see the
    /// snapshot path when `mapped` renamed it).
    func hashLocalFiles(_ plan: RestorePlan, target: BackupTarget, mapped: MappedSnapshot? = nil) async throws -> [VirtualPath: String] {
        let statCache = StatCache.load(fileSystem: context.fileSystem, path: context.statCachePath)
        let jobs = plan.items.compactMap { item -> LocalHashJob? in
            guard case .download(let local) = item.action else { return nil }
            return LocalHashJob(path: item.path, stored: mapped?.snapshotPath(of: item.path) ?? item.path, local: local)
        }
        let fileSystem = context.fileSystem
        let hasher = context.hasher
        let redactor = target.redactor
        let rules = target.rules
        let names = ExactNames(fileSystem: fileSystem)
        let hashes = try await concurrentMap(jobs, limit: context.configuration.hashConcurrency) { job -> (VirtualPath, String)? in
            guard let status = try? fileSystem.status(job.local), status.kind == .regular else { return nil }
            // Under a folded name the local file is another one: never "identical", so install refuses it.
            guard names.folded(job.local, depth: job.path.segments.count - 1) == nil else { return nil }
            if let redactor, redactor.redacts(virtualPath: job.stored.string) {
                guard status.size <= Archiver.maxRedactedFileBytes,
                      let local = try? fileSystem.readFile(job.local),
                      let redacted = try? redactor.redact(local, virtualPath: job.stored.string) else { return nil }
                return (job.path, hasher.digest(of: redacted.contents).sha256)
            }
            if !rules.isSQLite(job.path), let hash = statCache.hash(for: job.path, status: status) {
                return (job.path, hash)
            }
            guard let digest = try? hasher.digest(ofFile: job.local) else { return nil }
            return (job.path, digest.sha256)
        }
        var result: [VirtualPath: String] = [:]
        for case let (path, hash)? in hashes { result[path] = hash }
        return result
    }
}

private struct LocalHashJob: Sendable {
    var path: VirtualPath
    /// Its path in the snapshot (another one when `--map` renamed it).
    var stored: VirtualPath
    var local: String
}
