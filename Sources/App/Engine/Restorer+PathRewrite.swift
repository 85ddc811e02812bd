import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// "Rewrite + verify": the step of a restore with `--map` that runs on each downloaded,
    /// hash-checked temporary file before anything else touches it. When the file holds paths,
    /// its mapped paths are written into a new temporary file beside it, which is then read back
    /// with every replacement undone: that must have the manifest's SHA-256, or the file fails
    /// (integrity) and nothing is installed.
    ///
    /// Returns the file to go on with (the rewritten one, or `downloaded` itself when nothing
    /// changed or the file does not read in its format; `downloaded` is removed when another file
    /// is returned) and what happened; nil when the file holds no paths.
    func rewritePaths(
        in downloaded: String, file: FileToRead, restoredAs path: VirtualPath, mapped: MappedSnapshot, rewriter: (any PathRewriting)?
    ) throws -> (file: String, report: PathMappingSummary.Rewrite)? {
        guard let rewriter, mapped.rewrites.contains(path) else { return nil }
        let fileSystem = context.fileSystem
        let output = downloaded + "-mapped"
        let scratch = downloaded + "-undo"
        defer { try? fileSystem.remove(scratch) }
        var keep = false
        defer { if !keep { try? fileSystem.remove(output) } }
        let result: PathRewriteResult
        do {
            result = try rewriter.rewrite(
                downloaded, virtualPath: file.path.string, mapper: mapped.mapper, into: output, scratch: scratch,
                fileSystem: fileSystem, hasher: context.hasher)
        } catch let mismatch as PathRewriteMismatch {
            throw EngineError(.integrity, "\(path): the file with its paths rewritten does not check out (\(mismatch)); nothing was installed", files: [path.string])
        }
        let report = PathMappingSummary.Rewrite(
            path: path.string, values: result.values, leftAlone: result.leftAlone, unreadLines: result.unreadLines, unreadable: result.unreadable)
        if let unreadable = result.unreadable { context.logger.warning("\(path): paths not rewritten: \(unreadable); restored as it was") }
        if result.leftAlone > 0 {
            context.logger.warning("\(path): \(result.leftAlone) value(s) name a mapped path in a spelling agent-backup does not rewrite (escapes or block text); left as they were")
        }
        guard result.values > 0 else { return (downloaded, report) }
        guard let undone = result.undone, undone.sha256 == file.entry.hash else {
            throw EngineError(.integrity,
                "\(path): with its \(result.values) rewritten path(s) mapped back it has SHA-256 \(result.undone?.sha256 ?? "(none)"), "
                + "not the manifest's \(file.entry.hash); nothing was installed", files: [path.string])
        }
        keep = true
        try? fileSystem.remove(downloaded)
        return (output, report)
    }

    /// For `restore --map --dry-run`: what the rewrite would do to each file that holds paths,
    /// found by reading it into the work area and rewriting (and checking) it there.
    func dryRunRewrites(
        _ items: [RestorePlan.Item], mapped: MappedSnapshot, rewriter: (any PathRewriting)?, ref: SnapshotRef, manifest: Manifest,
        work: WorkArea, repository: any SnapshotRepository
    ) async throws -> [PathMappingSummary.Rewrite] {
        let files = items.filter { mapped.rewrites.contains($0.path) }
        guard rewriter != nil, !files.isEmpty else { return [] }
        context.progress.report(.phase(name: "map", totalFiles: files.count, totalBytes: files.reduce(0) { $0 + $1.entry.size }))
        var reads: [PendingRead] = []
        defer { for read in reads { try? context.fileSystem.remove(read.file.destination) } }
        for item in files {
            let file = FileToRead(path: mapped.snapshotPath(of: item.path), entry: item.entry, destination: try work.makeFile("map-"))
            reads.append(PendingRead(file: file, destination: file.destination, restoredAs: item.path))
        }
        let results = try await read(reads, ref: ref, manifest: manifest, repository: repository)
        var reports: [PathMappingSummary.Rewrite] = []
        for (read, result) in zip(reads, results) {
            do {
                _ = try result.get()
                guard let rewritten = try rewritePaths(
                    in: read.file.destination, file: read.file, restoredAs: read.restoredAs, mapped: mapped, rewriter: rewriter) else { continue }
                if rewritten.file != read.file.destination { try? context.fileSystem.remove(rewritten.file) }
                reports.append(rewritten.report)
            } catch {
                throw EngineError.wrapping(error, context: "Checking the rewrite of \(read.restoredAs)", file: read.restoredAs.string)
            }
        }
        return reports
    }
}
