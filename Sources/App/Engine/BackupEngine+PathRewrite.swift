import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// "Rewrite + verify": the step of a restore with `--map` that runs on each downloaded,
    /// hash-checked temporary file before it is put in place. When the adapter says the file
    /// holds paths, its mapped paths are rewritten into a new temporary file beside it, which is
    /// then read back with every replacement undone: the result must have the manifest's SHA-256,
    /// or the restore fails (integrity) and nothing is installed.
    ///
    /// Returns the file to install (the rewritten one, or `downloaded` itself when nothing
    /// changed or the file does not read in its format) and what happened, or nil when the file
    /// holds no paths. The caller removes `downloaded` when another file is returned.
    func rewritePaths(
        in downloaded: String, restoredAs path: VirtualPath, snapshotPath: VirtualPath, entry: ManifestEntry,
        mapped: MappedSnapshot, work: WorkArea
    ) throws -> (file: String, report: PathMappingSummary.Rewrite)? {
        guard let rule = mapped.rewrites[path] else { return nil }
        var report = PathMappingSummary.Rewrite(path: path.string, values: 0, leftAlone: 0, unreadLines: 0, unreadable: nil)
        guard let format = try resolvedFormat(rule.format, of: downloaded, virtualPath: snapshotPath.string) else {
            report.unreadable = "its name does not say whether it is JSON, JSON Lines, YAML or TOML"
            logger.warning("\(path): not rewritten: \(report.unreadable!)")
            return (downloaded, report)
        }
        let keys = try rule.keys.map { try PatternSet([$0], field: "pathFiles.keys") }
        let rewriter = PathFileRewriter(fileSystem: fileSystem, hasher: hasher, mapper: mapped.mapper)
        let output = downloaded + "-mapped"
        var installed = false
        defer { if !installed { try? fileSystem.remove(output) } }
        let rewrite = try rewriter.rewrite(source: downloaded, into: output, format: format, keys: keys)
        report.values = rewrite.rewritten
        report.leftAlone = rewrite.leftAlone
        report.unreadLines = rewrite.unreadLines
        report.unreadable = rewrite.unreadable
        if let unreadable = rewrite.unreadable { logger.warning("\(path): paths not rewritten: \(unreadable); restored as it was") }
        if rewrite.leftAlone > 0 {
            logger.warning("\(path): \(rewrite.leftAlone) value(s) name a mapped path in a spelling agent-backup does not rewrite (escapes or block text); left as they were")
        }
        guard rewrite.rewritten > 0 else { return (downloaded, report) }

        let scratch = try work.makeFile("undo-")
        defer { try? fileSystem.remove(scratch) }
        let digest: ContentDigest
        do {
            digest = try rewriter.undoDigest(of: output, rewrite: rewrite, format: format, keys: keys, scratch: scratch)
        } catch let mismatch as PathRewriteMismatch {
            throw EngineError(.integrity,
                "\(path): the file with its paths rewritten does not check out (\(mismatch.reason), byte \(mismatch.offset)); nothing was installed",
                files: [path.string])
        }
        guard digest.sha256 == entry.hash else {
            throw EngineError(.integrity,
                "\(path): with its \(rewrite.rewritten) rewritten path(s) mapped back it has SHA-256 \(digest.sha256), not the manifest's \(entry.hash); nothing was installed",
                files: [path.string])
        }
        installed = true
        return (output, report)
    }
}

extension BackupEngine {
    /// For `restore --map --dry-run`: what the rewrite would do to each file that holds paths,
    /// found by downloading it into the work area and rewriting (and checking) it there.
    func dryRunRewrites(
        _ items: [RestorePlan.Item], mapped: MappedSnapshot, from location: SnapshotLocation, work: WorkArea
    ) async throws -> [PathMappingSummary.Rewrite] {
        let files = items.filter { mapped.rewrites[$0.path] != nil }
        guard !files.isEmpty else { return [] }
        progress.report(.phase(name: "map", totalFiles: files.count, totalBytes: files.reduce(0) { $0 + $1.entry.size }))
        var reports: [PathMappingSummary.Rewrite] = []
        for item in files {
            let snapshotPath = mapped.snapshotPath(of: item.path)
            let downloaded = try work.makeFile("map-")
            defer { try? fileSystem.remove(downloaded) }
            _ = try await downloadVerified(path: snapshotPath.string, entry: item.entry, from: location, into: downloaded, work: work)
            if let rewritten = try rewritePaths(
                in: downloaded, restoredAs: item.path, snapshotPath: snapshotPath, entry: item.entry, mapped: mapped, work: work) {
                if rewritten.file != downloaded { try? fileSystem.remove(rewritten.file) }
                reports.append(rewritten.report)
            }
            progress.report(.fileDone(path: item.path.string, bytes: item.entry.size))
        }
        return reports
    }
}
