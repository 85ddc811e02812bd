import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// One file ready to push: its manifest entry and the file whose bytes go up.
struct ScannedFile: Sendable {
    var path: String
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

extension Archiver {
    private enum ScanOutcome: Sendable {
        case scanned(ScannedFile, read: Bool)
        case failed(FileIssue)
    }

    /// Hashes the gathered files with bounded concurrency. SQLite databases are snapshotted
    /// into the work area first and redacted files copied there: their entries (hash AND size,
    /// SPEC item 14) describe the copy, which is what gets uploaded. Other files whose metadata
    /// matches the stat cache are not read at all (SPEC item 10).
    func scan(
        _ gathered: [GatheredFile], target: BackupTarget, statCache: StatCache, scanStartNs: Int64, work: WorkArea
    ) async throws -> ScanResult {
        context.progress.report(.phase(name: "hash", totalFiles: gathered.count, totalBytes: gathered.reduce(0) { $0 + $1.status.size }))
        let indexed = Array(gathered.enumerated()).map { IndexedFile(index: $0.offset, file: $0.element) }
        let hasher = context.hasher
        let fileSystem = context.fileSystem
        let sqlite = context.sqlite
        let rules = target.rules
        let redactor = target.redactor
        let progress = context.progress
        // Files the stat cache vouches for need no task of their own (a no-change push of
        // 100,000 files spent 7 % of its time scheduling them).
        var ordered = [ScanOutcome?](repeating: nil, count: indexed.count)
        var toRead: [IndexedFile] = []
        for item in indexed {
            let path = item.file.path.string
            if !rules.isSQLite(item.file.path), !(redactor?.redacts(virtualPath: path) ?? false),
               let hash = statCache.hash(for: path, status: item.file.status) {
                progress.report(.fileDone(path: path, bytes: item.file.status.size))
                ordered[item.index] = .scanned(ScannedFile(path: path, entry: ManifestEntry(hash: hash, size: item.file.status.size),
                                                           source: item.file.localPath, isPrivateCopy: false, status: item.file.status), read: false)
            } else {
                toRead.append(item)
            }
        }
        let computed = try await concurrentMap(toRead, limit: context.configuration.hashConcurrency) { item -> ScanOutcome in
            let file = item.file
            let path = file.path.string
            do {
                if rules.isSQLite(file.path) {
                    let combined = try SQLiteStatus.combined(database: file.localPath, status: file.status, fileSystem: fileSystem)
                    if let cached = statCache.hash(for: SQLiteStatus.cacheKey(path), status: combined),
                       let entry = SQLiteStatus.entry(cached) {
                        progress.report(.fileDone(path: path, bytes: entry.size))
                        return .scanned(ScannedFile(path: path, entry: entry, source: file.localPath, isPrivateCopy: false,
                                                    status: combined, isDatabase: true), read: false)
                    }
                    let copy = work.path + "/sqlite-\(item.index).db"
                    try sqlite.snapshot(database: file.localPath, to: copy)
                    let digest = try hasher.digest(ofFile: copy)
                    progress.report(.fileDone(path: path, bytes: digest.size))
                    return .scanned(ScannedFile(path: path, entry: ManifestEntry(hash: digest.sha256, size: digest.size),
                                                source: copy, isPrivateCopy: true, status: combined, isDatabase: true), read: true)
                }
                if let redactor, redactor.redacts(virtualPath: path) {
                    let copy = work.path + "/redacted-\(item.index)"
                    let digest = try Self.writeRedactedCopy(of: file, to: copy, redactor: redactor, fileSystem: fileSystem, hasher: hasher)
                    progress.report(.fileDone(path: path, bytes: digest.size))
                    return .scanned(ScannedFile(path: path, entry: ManifestEntry(hash: digest.sha256, size: digest.size),
                                                source: copy, isPrivateCopy: true, status: file.status), read: true)
                }
                // Not in the stat cache (checked above): read it.
                let digest = try hasher.digest(ofFile: file.localPath)
                progress.report(.fileDone(path: path, bytes: digest.size))
                return .scanned(ScannedFile(path: path, entry: ManifestEntry(hash: digest.sha256, size: digest.size),
                                            source: file.localPath, isPrivateCopy: false, status: file.status), read: true)
            } catch {
                return .failed(FileIssue(path: path, message: "\(error)"))
            }
        }
        for (item, outcome) in zip(toRead, computed) { ordered[item.index] = outcome }
        let outcomes = ordered.compactMap { $0 }
        var result = ScanResult(files: [], failures: [], statCache: statCache, filesRead: 0)
        let racyNs = Int64(context.configuration.racyWindowSeconds * 1e9)
        for outcome in outcomes {
            switch outcome {
            case .scanned(let file, let read):
                result.files.append(file)
                if read {
                    result.filesRead += 1
                    if file.isDatabase {
                        // A database: its copy's entry is remembered under the live files' metadata.
                        result.statCache.remove(file.path)
                        result.statCache.record(path: SQLiteStatus.cacheKey(file.path), status: file.status,
                                                hash: SQLiteStatus.cacheValue(file.entry), scanStartNs: scanStartNs, racyWindowNs: racyNs)
                    } else if file.isPrivateCopy {
                        result.statCache.remove(file.path)
                    } else {
                        result.statCache.record(path: file.path, status: file.status, hash: file.entry.hash,
                                                scanStartNs: scanStartNs, racyWindowNs: racyNs)
                    }
                }
            case .failed(let issue):
                result.failures.append(issue)
                result.statCache.remove(issue.path)
            }
        }
        let databases = gathered.filter { rules.isSQLite($0.path) }.map { SQLiteStatus.cacheKey($0.path.string) }
        result.statCache.retain(only: Set(gathered.map(\.path.string) + databases))
        return result
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
