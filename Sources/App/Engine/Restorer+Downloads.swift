import AgentBackupDomain
import AgentBackupPorts

/// A downloaded, verified file waiting in its destination folder to be renamed into place.
struct PreparedFile: Sendable {
    var path: VirtualPath
    var partial: String
    var destination: String
}

extension Restorer {
    /// Reads every file of `items` into a temporary file beside its destination, verified,
    /// rewrites the paths of `mapped` in it (checked by mapping them back) and puts back local
    /// values of redacted keys; then flushes them all to disk. If ANY file fails, every temporary
    /// file and every folder this made is removed and the error names all failed files: nothing
    /// unverified is ever left, and nothing is put in place. `manifest` is the snapshot's (files
    /// are read under their snapshot paths); `items` are planned under the mapped ones.
    func prepareDownloads(
        _ items: [RestorePlan.Item], ref: SnapshotRef, manifest: Manifest, target: BackupTarget, repository: any SnapshotRepository,
        mapped: MappedSnapshot? = nil
    ) async throws -> PreparedDownloads {
        context.progress.report(.phase(name: "download", totalFiles: items.count, totalBytes: items.reduce(0) { $0 + $1.entry.size }))
        let folders = FolderMaker(fileSystem: context.fileSystem)
        var partials: [String] = []
        do {
            let reads = try makePartials(items, mapped: mapped, folders: folders, partials: &partials)
            let results = try await read(reads, ref: ref, manifest: manifest, repository: repository)
            var done = PreparedDownloads()
            var failures: [EngineError] = []
            for (read, result) in zip(reads, results) {
                switch result.flatMap({ _ in Result { try self.finish(read, target: target, mapped: mapped) } }) {
                case .success(let (file, missing, rewrite)):
                    done.files.append(file)
                    partials.append(file.partial)
                    done.keysToReenter[file.path.string] = missing
                    if let rewrite { done.rewrites.append(rewrite) }
                case .failure(let error):
                    failures.append(EngineError.wrapping(error, context: "Restoring \(read.restoredAs)", file: read.restoredAs.string))
                }
            }
            guard failures.isEmpty else {
                let kind: EngineError.Kind = failures.contains { $0.kind == .integrity } ? .integrity : .failed
                throw EngineError(kind,
                    "Restore of \(ref) failed for \(failures.count) file(s); no local file was changed: "
                    + failures.prefix(20).map(\.message).joined(separator: "; "), files: failures.flatMap(\.files))
            }
            // Every verified file reaches the disk before the first one is renamed into place.
            do {
                try context.fileSystem.syncAll(done.files.map(\.partial))
            } catch {
                throw EngineError.wrapping(error, context: "Flushing the restored files to disk (no local file was changed)")
            }
            return done
        } catch {
            for partial in partials { try? context.fileSystem.remove(partial) }
            folders.removeCreated()
            throw error
        }
    }

    /// An empty temporary file beside each destination (folders made as needed, 0700). A
    /// renamed file is read under its snapshot path.
    private func makePartials(
        _ items: [RestorePlan.Item], mapped: MappedSnapshot?, folders: FolderMaker, partials: inout [String]
    ) throws -> [PendingRead] {
        var reads: [PendingRead] = []
        for item in items {
            guard case .download(let destination) = item.action else { continue }
            do {
                let folder = LocalPath.parent(destination)
                try folders.make(folder)
                let partial = try context.fileSystem.makeTemporaryFile(in: folder, prefix: FileGatherer.partialFilePrefix)
                partials.append(partial)
                let stored = mapped?.snapshotPath(of: item.path) ?? item.path
                reads.append(PendingRead(
                    file: FileToRead(path: stored, entry: item.entry, destination: partial), destination: destination, restoredAs: item.path))
            } catch {
                throw EngineError.wrapping(error, context: "Restoring \(item.path) (no local file was changed)", file: item.path.string)
            }
        }
        return reads
    }

    /// Reads the files through the repository; one result per read, in order.
    func read(
        _ reads: [PendingRead], ref: SnapshotRef, manifest: Manifest, repository: any SnapshotRepository
    ) async throws -> [Result<ContentDigest, any Error>] {
        let results = Locked([[UInt8]: Result<ContentDigest, any Error>]())  // by bytes: twins' folders are equal Strings
        let progress = context.progress
        do {
            let reader = try await repository.reader(for: ref, manifest: manifest)
            try await reader.read(reads.map(\.file), concurrency: context.configuration.transferConcurrency) { file, result in
                if case .success = result { progress.report(.fileDone(path: file.path.string, bytes: file.entry.size)) }
                results.withLock { $0[Array(file.destination.utf8)] = result }
            }
        } catch {
            throw EngineError.wrapping(error, context: "Reading snapshot \(ref)")
        }
        return results.withLock { found in
            reads.map { found[Array($0.file.destination.utf8)] ?? .failure(EngineError(.failed, "\($0.file.path): the repository did not read it")) }
        }
    }

    /// Rewrites mapped paths ("rewrite + verify", before anything else changes the verified
    /// bytes), puts back the local values of redacted keys (never a placeholder over a real key)
    /// and the local file's mode; returns the file ready to install, the keys the user must
    /// re-enter and what the rewrite did. Redaction rules see the snapshot path.
    private func finish(
        _ read: PendingRead, target: BackupTarget, mapped: MappedSnapshot?
    ) throws -> (PreparedFile, [String], PathMappingSummary.Rewrite?) {
        let fileSystem = context.fileSystem
        let path = read.file.path.string
        var ready = read.file.destination
        var finished = false
        // A file made here from the partial is not in the caller's list of partials to remove.
        defer { if !finished && ready != read.file.destination { try? fileSystem.remove(ready) } }
        var rewrite: PathMappingSummary.Rewrite? = nil
        if let mapped, let rewritten = try rewritePaths(
            in: ready, file: read.file, restoredAs: read.restoredAs, mapped: mapped, rewriter: target.pathRewriter) {
            ready = rewritten.file
            rewrite = rewritten.report
        }
        var missingKeys: [String] = []
        if let redactor = target.redactor, redactor.redacts(virtualPath: path) {
            let local = (try? fileSystem.status(read.destination))?.kind == .regular ? try fileSystem.readFile(read.destination) : nil
            let merged = try redactor.merge(restored: try fileSystem.readFile(ready), local: local, virtualPath: path)
            let mergedPath = ready + "-merged"
            try fileSystem.writeFileAtomically(mergedPath, contents: merged.contents, mode: 0o600)
            try? fileSystem.remove(ready)
            ready = mergedPath
            missingKeys = merged.needsReentry
        }
        if let existing = try fileSystem.status(read.destination), existing.kind == .regular {
            try fileSystem.setMode(ready, mode: existing.mode & 0o7777)
        }
        finished = true
        return (PreparedFile(path: read.restoredAs, partial: ready, destination: read.destination), missingKeys, rewrite)
    }
}

/// One file on its way: what the repository fills, and where it goes afterwards.
struct PendingRead: Sendable {
    /// The file under its snapshot path.
    var file: FileToRead
    var destination: String
    /// Its path as restored (another one when `--map` renamed it).
    var restoredAs: VirtualPath
}

/// Every file of a restore verified and waiting beside its destination.
struct PreparedDownloads: Sendable {
    var files: [PreparedFile] = []
    /// Redacted keys without a local value, by restored virtual path.
    var keysToReenter: [String: [String]] = [:]  // not a path key: summary for display
    /// What `--map` rewrote, per file that holds paths.
    var rewrites: [PathMappingSummary.Rewrite] = []
}

/// Makes folders (0700) and remembers the ones that did not exist, so a failed restore can
/// leave the target as it found it.
final class FolderMaker: Sendable {
    private let fileSystem: any FileSystem
    private let created = Locked([String]())

    init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
    }

    func make(_ folder: String) throws {
        var missing: [String] = []
        var current = folder
        while current != "/" && current != ".", (try? fileSystem.status(current)) == nil {
            missing.append(current)
            current = LocalPath.parent(current)
        }
        guard !missing.isEmpty else { return }
        try fileSystem.createDirectory(folder, mode: 0o700)
        created.withLock { $0 += missing }
    }

    /// Removes the folders made here that are empty again, deepest first.
    func removeCreated() {
        let folders = created.withLock { $0 }.sorted { $0.utf8.count > $1.utf8.count }
        for folder in folders where (try? fileSystem.contents(ofDirectory: folder))?.isEmpty == true {
            try? fileSystem.remove(folder)
        }
    }
}
