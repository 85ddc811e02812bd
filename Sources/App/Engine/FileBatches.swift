import AgentBackupDomain
import AgentBackupPorts

/// One file a batch read brought into the private folder: authenticated and hash-checked by
/// the reader against `entry`.
struct FetchedFile: Sendable {
    let path: VirtualPath
    let entry: ManifestEntry
    /// The plaintext, in the operation's private folder; removed after the batch is handled.
    let local: String
    let digest: ContentDigest
}

/// Reads a snapshot's files batch by batch through the operation's private folder, so a whole
/// history moves with bounded memory and disk: at most `maxBytes` of plaintext (or one larger
/// file) and `maxFiles` files are on disk at a time. One `read` call per batch lets a layout
/// plan its reads (ranged reads of packs) over many files at once.
struct FileBatches: Sendable {
    let fileSystem: any FileSystem
    /// The folder the plaintext goes into (private, 0700).
    let folder: String
    let concurrency: Int
    var maxBytes: Int64 = 64 << 20
    var maxFiles = 256

    /// `paths` in order, cut into batches by the limits (every batch holds at least one file).
    func batches(_ paths: [VirtualPath], manifest: Manifest) -> [[VirtualPath]] {
        var result: [[VirtualPath]] = []
        var current: [VirtualPath] = []
        var bytes: Int64 = 0
        for path in paths {
            let size = manifest.files[path]?.size ?? 0
            if !current.isEmpty && (bytes + size > maxBytes || current.count >= maxFiles) {
                result.append(current)
                current = []
                bytes = 0
            }
            current.append(path)
            bytes += size
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Reads every file of `paths` with `reader` and hands each batch to `handle`, then removes
    /// its files. A file that does not read stops the run with an error naming every file of
    /// its batch that failed (`what` says what was being read, e.g. "Reading snapshot X").
    func read(
        _ paths: [VirtualPath], manifest: Manifest, from reader: any SnapshotReader, what: String,
        progress: (any ProgressReporter)? = nil, _ handle: ([FetchedFile]) async throws -> Void
    ) async throws {
        for batch in batches(paths, manifest: manifest) {
            let fetched = try await fetch(batch, manifest: manifest, from: reader, what: what, progress: progress)
            defer { for file in fetched { try? fileSystem.remove(file.local) } }
            try await handle(fetched)
        }
    }

    private func fetch(
        _ batch: [VirtualPath], manifest: Manifest, from reader: any SnapshotReader, what: String, progress: (any ProgressReporter)?
    ) async throws -> [FetchedFile] {
        var requests: [FileToRead] = []
        do {
            for path in batch {
                requests.append(FileToRead(path: path, entry: manifest.files[path]!, destination: try fileSystem.makeTemporaryFile(in: folder, prefix: "batch-")))
            }
        } catch {
            removeAll(requests)
            throw EngineError(.failed, "\(what): cannot make a temporary file in \(folder): \(error). Check the free space of the cache folder.")
        }
        let results = Locked(([FetchedFile](), [EngineError]()))
        do {
            try await reader.read(requests, concurrency: concurrency) { file, result in
                switch result {
                case .success(let digest):
                    progress?.report(.fileDone(path: file.path.string, bytes: digest.size))
                    results.withLock { $0.0.append(FetchedFile(path: file.path, entry: file.entry, local: file.destination, digest: digest)) }
                case .failure(let error):
                    let wrapped = EngineError.wrapping(error, context: "\(what): \(file.path)", file: file.path.string)
                    results.withLock { $0.1.append(wrapped) }
                }
            }
        } catch {
            removeAll(requests)
            throw EngineError.wrapping(error, context: what)
        }
        let (fetched, failures) = results.withLock { $0 }
        guard failures.isEmpty else {
            removeAll(requests)
            let kind: EngineError.Kind = failures.contains { $0.kind == .integrity } ? .integrity : .failed
            throw EngineError(kind, "\(what): \(failures.count) file(s) did not read: " + failures.prefix(20).map(\.message).joined(separator: "; "),
                              files: failures.flatMap(\.files))
        }
        let order = Dictionary(uniqueKeysWithValues: batch.enumerated().map { ($1, $0) })
        return fetched.sorted { order[$0.path]! < order[$1.path]! }
    }

    private func removeAll(_ requests: [FileToRead]) {
        for request in requests { try? fileSystem.remove(request.destination) }
    }
}
