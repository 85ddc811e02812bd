import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// One file ready to push: its manifest entry and the file whose bytes go up.
struct ScannedFile: Sendable {
    var path: VirtualPath
    var entry: ManifestEntry
    /// The live file, or a private copy (database snapshot, redacted copy) whose bytes the entry describes.
    var source: String
    var isPrivateCopy: Bool
    /// The live file's `lstat` at walk time.
    var status: FileStatus
    /// A SQLite database; `status` is then its and its WAL's metadata folded (`SQLiteStatus`).
    /// One found unchanged is not snapshotted during the scan (`source` is the live file): if it
    /// must be uploaded after all (the previous object is gone), it is snapshotted then.
    var isDatabase = false
}

/// Every included file hashed (or found unchanged in the stat cache).
struct ScanResult: Sendable {
    var files: [ScannedFile]
    var failures: [FileIssue]
    var statCache: StatCache
    /// Files whose contents were read (hashed or copied); 0 when nothing changed.
    var filesRead: Int
}

/// What scanning one file gave.
private enum ScanOutcome: Sendable {
    case scanned(ScannedFile, read: Bool)
    case failed(FileIssue)
}

extension Archiver {
    /// Hashes the gathered files with bounded concurrency. SQLite databases are snapshotted
    /// into the work area first and redacted files copied there: their entries (hash AND size,
    /// SPEC item 14) describe the copy, which is what gets uploaded. Other files whose metadata
    /// matches the stat cache are not read at all (SPEC item 10).
    func scan(
        _ gathered: [GatheredFile], target: BackupTarget, statCache: StatCache, scanStartNs: Int64, work: WorkArea
    ) async throws -> ScanResult {
        context.progress.report(.phase(name: "hash", totalFiles: gathered.count, totalBytes: gathered.reduce(0) { $0 + $1.status.size }))
        // Files the stat cache vouches for need no task of their own (a no-change push of
        // 100,000 files spent 7 % of its time scheduling them).
        var ordered = [ScanOutcome?](repeating: nil, count: gathered.count)
        var toRead: [IndexedFile] = []
        for (index, file) in gathered.enumerated() {
            if let settled = settledByStatCache(file, target: target, statCache: statCache) {
                ordered[index] = settled
            } else {
                toRead.append(IndexedFile(index: index, file: file))
            }
        }
        let reader = FileScanner(context: context, target: target, statCache: statCache, work: work)
        let computed = try await concurrentMap(toRead, limit: context.configuration.hashConcurrency) { item in
            reader.read(item)
        }
        for (item, outcome) in zip(toRead, computed) { ordered[item.index] = outcome }
        var result = collect(ordered.compactMap { $0 }, statCache: statCache, scanStartNs: scanStartNs)
        result.statCache.retain(only: Set(gathered.map(\.path)))
        return result
    }

    /// A plain file whose metadata the stat cache vouches for, without reading it.
    private func settledByStatCache(_ file: GatheredFile, target: BackupTarget, statCache: StatCache) -> ScanOutcome? {
        guard !target.rules.isSQLite(file.path), !(target.redactor?.redacts(virtualPath: file.path.string) ?? false),
              let hash = statCache.hash(for: file.path, status: file.status) else { return nil }
        context.progress.report(.fileDone(path: file.path.string, bytes: file.status.size))
        let entry = ManifestEntry(hash: hash, size: file.status.size)
        return .scanned(ScannedFile(path: file.path, entry: entry, source: file.localPath, isPrivateCopy: false, status: file.status), read: false)
    }

    /// The scan's result, and the stat cache taught what this scan read.
    private func collect(_ outcomes: [ScanOutcome], statCache: StatCache, scanStartNs: Int64) -> ScanResult {
        var result = ScanResult(files: [], failures: [], statCache: statCache, filesRead: 0)
        let racyNs = Int64(context.configuration.racyWindowSeconds * 1e9)
        for outcome in outcomes {
            switch outcome {
            case .scanned(let file, let read):
                result.files.append(file)
                guard read else { continue }
                result.filesRead += 1
                if file.isDatabase {
                    // A database: its copy's entry is remembered under the live files' metadata.
                    result.statCache.recordDatabase(path: file.path, status: file.status, copy: file.entry,
                                                    scanStartNs: scanStartNs, racyWindowNs: racyNs)
                } else if file.isPrivateCopy {
                    result.statCache.remove(file.path)
                } else {
                    result.statCache.record(path: file.path, status: file.status, hash: file.entry.hash,
                                            scanStartNs: scanStartNs, racyWindowNs: racyNs)
                }
            case .failed(let issue):
                result.failures.append(issue)
                if let path = try? VirtualPath(issue.path) { result.statCache.remove(path) }
            }
        }
        return result
    }
}

/// Reads one file of a scan: a database is snapshotted (unless the stat cache knows its copy),
/// a redacted file is copied redacted, any other file is hashed where it is.
private struct FileScanner: Sendable {
    let context: EngineContext
    let target: BackupTarget
    let statCache: StatCache
    let work: WorkArea

    func read(_ item: IndexedFile) -> ScanOutcome {
        let file = item.file
        do {
            if target.rules.isSQLite(file.path) { return try database(item) }
            if let redactor = target.redactor, redactor.redacts(virtualPath: file.path.string) {
                let copy = work.path + "/redacted-\(item.index)"
                let digest = try Archiver.writeRedactedCopy(of: file, to: copy, redactor: redactor,
                                                             fileSystem: context.fileSystem, hasher: context.hasher)
                return scanned(file, digest: digest, source: copy, isPrivateCopy: true, status: file.status)
            }
            // Not in the stat cache (checked before): read it.
            let digest = try context.hasher.digest(ofFile: file.localPath)
            return scanned(file, digest: digest, source: file.localPath, isPrivateCopy: false, status: file.status)
        } catch {
            return .failed(FileIssue(path: file.path.string, message: "\(error)"))
        }
    }

    private func database(_ item: IndexedFile) throws -> ScanOutcome {
        let file = item.file
        let combined = try SQLiteStatus.combined(database: file.localPath, status: file.status, fileSystem: context.fileSystem)
        if let entry = statCache.database(file.path, status: combined) {
            context.progress.report(.fileDone(path: file.path.string, bytes: entry.size))
            return .scanned(ScannedFile(path: file.path, entry: entry, source: file.localPath, isPrivateCopy: false,
                                        status: combined, isDatabase: true), read: false)
        }
        let copy = work.path + "/sqlite-\(item.index).db"
        try context.sqlite.snapshot(database: file.localPath, to: copy)
        let digest = try context.hasher.digest(ofFile: copy)
        return scanned(file, digest: digest, source: copy, isPrivateCopy: true, status: combined, isDatabase: true)
    }

    private func scanned(
        _ file: GatheredFile, digest: ContentDigest, source: String, isPrivateCopy: Bool, status: FileStatus, isDatabase: Bool = false
    ) -> ScanOutcome {
        context.progress.report(.fileDone(path: file.path.string, bytes: digest.size))
        let entry = ManifestEntry(hash: digest.sha256, size: digest.size)
        return .scanned(ScannedFile(path: file.path, entry: entry, source: source, isPrivateCopy: isPrivateCopy,
                                    status: status, isDatabase: isDatabase), read: true)
    }
}

extension Archiver {
    /// Redacted files are settings files read into memory; anything larger is refused rather
    /// than uploaded unredacted or held whole in memory.
    static let maxRedactedFileBytes: Int64 = 64 << 20

    /// Writes the redacted form of `file` to `copy` (in the work area) and returns its digest. A file
    /// the redactor cannot parse is an error: it is NOT uploaded, since it may hold the secret.
    static func writeRedactedCopy(
        of file: GatheredFile, to copy: String, redactor: any Redacting, fileSystem: any FileSystem, hasher: any ContentHasher
    ) throws -> ContentDigest {
        guard file.status.size <= maxRedactedFileBytes else {
            throw EngineError(.failed, "\(file.path) is \(file.status.size) bytes, too large to redact secrets from; it was not uploaded",
                              files: [file.path.string])
        }
        let redacted = try redactor.redact(try fileSystem.readFile(file.localPath), virtualPath: file.path.string)
        try fileSystem.writeFileAtomically(copy, contents: redacted.contents, mode: 0o600)
        return hasher.digest(of: redacted.contents)
    }
}

private struct IndexedFile: Sendable {
    var index: Int
    var file: GatheredFile
}
