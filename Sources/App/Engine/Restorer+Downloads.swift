import AgentBackupDomain
import AgentBackupPorts

/// A downloaded, verified file waiting in its destination folder to be renamed into place.
struct PreparedFile: Sendable {
    var path: VirtualPath
    var partial: String
    var destination: String
}

extension Restorer {
    /// Reads every file of `items` into a temporary file beside its destination, verified, and
    /// puts back local values of redacted keys; then flushes them all to disk. If ANY file fails,
    /// every temporary file and every folder this made is removed and the error names all failed
    /// files: nothing unverified is ever left, and nothing is put in place.
    func prepareDownloads(
        _ items: [RestorePlan.Item], ref: SnapshotRef, manifest: Manifest, target: BackupTarget, repository: any SnapshotRepository
    ) async throws -> (files: [PreparedFile], keysToReenter: [String: [String]]) {
        context.progress.report(.phase(name: "download", totalFiles: items.count, totalBytes: items.reduce(0) { $0 + $1.entry.size }))
        let folders = FolderMaker(fileSystem: context.fileSystem)
        var partials: [String] = []
        do {
            let reads = try makePartials(items, folders: folders, partials: &partials)
            let results = try await read(reads, ref: ref, manifest: manifest, repository: repository)
            var prepared: [PreparedFile] = []
            var keys: [String: [String]] = [:]
            var failures: [EngineError] = []
            for (read, result) in zip(reads, results) {
                switch result.flatMap({ _ in Result { try self.finish(read, redactor: target.redactor) } }) {
                case .success(let (file, missing)):
                    prepared.append(file)
                    partials.append(file.partial)
                    keys[file.path.string] = missing
                case .failure(let error):
                    failures.append(EngineError.wrapping(error, context: "Restoring \(read.file.path)", file: read.file.path.string))
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
                try context.fileSystem.syncAll(prepared.map(\.partial))
            } catch {
                throw EngineError.wrapping(error, context: "Flushing the restored files to disk (no local file was changed)")
            }
            return (prepared, keys)
        } catch {
            for partial in partials { try? context.fileSystem.remove(partial) }
            folders.removeCreated()
            throw error
        }
    }

    /// An empty temporary file beside each destination (folders made as needed, 0700).
    private func makePartials(_ items: [RestorePlan.Item], folders: FolderMaker, partials: inout [String]) throws -> [PendingRead] {
        var reads: [PendingRead] = []
        for item in items {
            guard case .download(let destination) = item.action else { continue }
            do {
                let folder = LocalPath.parent(destination)
                try folders.make(folder)
                let partial = try context.fileSystem.makeTemporaryFile(in: folder, prefix: FileGatherer.partialFilePrefix)
                partials.append(partial)
                reads.append(PendingRead(file: FileToRead(path: item.path, entry: item.entry, destination: partial), destination: destination))
            } catch {
                throw EngineError.wrapping(error, context: "Restoring \(item.path) (no local file was changed)", file: item.path.string)
            }
        }
        return reads
    }

    /// Reads the files through the repository; one result per read, in order.
    private func read(
        _ reads: [PendingRead], ref: SnapshotRef, manifest: Manifest, repository: any SnapshotRepository
    ) async throws -> [Result<ContentDigest, any Error>] {
        let results = Locked([String: Result<ContentDigest, any Error>]())
        let progress = context.progress
        do {
            let reader = try await repository.reader(for: ref, manifest: manifest)
            try await reader.read(reads.map(\.file), concurrency: context.configuration.transferConcurrency) { file, result in
                if case .success = result { progress.report(.fileDone(path: file.path.string, bytes: file.entry.size)) }
                results.withLock { $0[file.destination] = result }
            }
        } catch {
            throw EngineError.wrapping(error, context: "Reading snapshot \(ref)")
        }
        return results.withLock { found in
            reads.map { found[$0.file.destination] ?? .failure(EngineError(.failed, "\($0.file.path): the repository did not read it")) }
        }
    }

    /// Puts back the local values of redacted keys (never a placeholder over a real key) and the
    /// local file's mode; returns the file ready to install and the keys the user must re-enter.
    private func finish(_ read: PendingRead, redactor: (any Redacting)?) throws -> (PreparedFile, [String]) {
        let fileSystem = context.fileSystem
        let path = read.file.path.string
        var ready = read.file.destination
        var missingKeys: [String] = []
        if let redactor, redactor.redacts(virtualPath: path) {
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
        return (PreparedFile(path: read.file.path, partial: ready, destination: read.destination), missingKeys)
    }
}

/// One file on its way: what the repository fills, and where it goes afterwards.
struct PendingRead: Sendable {
    var file: FileToRead
    var destination: String
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
