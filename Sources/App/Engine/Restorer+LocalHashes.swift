import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// SHA-256 of the local files at the plan's destinations (regular files only), so identical
    /// files are skipped. The stat cache answers for files it vouches for; a redacted file is
    /// compared by its redacted form, which is what the manifest describes.
    func hashLocalFiles(_ plan: RestorePlan, target: BackupTarget) async throws -> [VirtualPath: String] {
        let statCache = StatCache.load(fileSystem: context.fileSystem, path: context.statCachePath)
        let jobs = plan.items.compactMap { item -> LocalHashJob? in
            guard case .download(let local) = item.action else { return nil }
            return LocalHashJob(path: item.path, local: local)
        }
        let fileSystem = context.fileSystem
        let hasher = context.hasher
        let redactor = target.redactor
        let rules = target.rules
        let hashes = try await concurrentMap(jobs, limit: context.configuration.hashConcurrency) { job -> (VirtualPath, String)? in
            guard let status = try? fileSystem.status(job.local), status.kind == .regular else { return nil }
            let path = job.path.string
            if let redactor, redactor.redacts(virtualPath: path) {
                guard status.size <= Archiver.maxRedactedFileBytes,
                      let local = try? fileSystem.readFile(job.local),
                      let redacted = try? redactor.redact(local, virtualPath: path) else { return nil }
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
    var local: String
}
