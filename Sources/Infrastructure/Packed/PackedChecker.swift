import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// Checks a packed repository (FORMAT.md): everything named exists and opens; with a read-data
/// fraction, the headers of that share of the packs match the index, and every file with a blob
/// in them is read in file order with every blob and the file's SHA-256 checked (one download).
struct PackedChecker {
    let context: PackedContext
    let scratch: String

    func run(_ depth: RepositoryCheckDepth) async throws -> RepositoryCheckReport {
        var report = RepositoryCheckReport()
        let refs = try await context.store.listAll(prefix: context.keys.snapshotsFolder).objects.compactMap { context.keys.snapshotRef(in: $0.key) }
        var documents: [(SnapshotRef, SnapshotDocument)] = []
        for ref in refs {
            let key = context.keys.snapshot(ref)
            do {
                let stored = try await context.store.get(key: key, maxBytes: PackedDocument.maxStoredBytes)
                documents.append((ref, try SnapshotDocument.decode(try PackedDocument.decode(stored, cipher: context.cipher, object: key), ref: ref, object: key)))
            } catch let error as StoreError where error.code == .notFound {
                continue
            } catch {
                report.problems.append("snapshot \(ref): \(error)")
            }
        }
        report.snapshots = documents.count
        let index: PackedIndex
        do {
            index = try await context.indexes.load()
        } catch {
            report.problems.append("index: \(error)")
            return report
        }
        var stored: [BlobID: Int64] = [:]
        for object in try await context.store.listAll(prefix: context.keys.dataFolder).objects {
            if let id = context.keys.id(in: object.key, folder: context.keys.dataFolder) { stored[id] = object.size }
        }
        report.dataObjects = index.packs.count
        for pack in index.packs.values.sorted(by: { $0.id < $1.id }) {
            if let size = stored[pack.id] {
                if size != Int64(pack.length) { report.problems.append("\(context.keys.pack(pack.id)) is \(size) bytes, the index says \(pack.length)") }
            } else {
                report.problems.append("\(context.keys.pack(pack.id)) is named by the index but missing")
            }
        }
        let named = Set(index.packs.keys).union(index.pending.keys)
        for id in stored.keys.sorted() where !named.contains(id) {
            report.notes.append("\(context.keys.pack(id)) is in no index (left by an interrupted write; the next garbage collection marks it)")
        }
        for (ref, document) in documents {
            for file in document.files {
                for blob in file.blobs where !index.contains(blob) {
                    if index.pending.values.contains(where: { $0.pack.blobs.contains { $0.id == blob } }) {
                        report.notes.append("snapshot \(ref) \(file.path) needs blob \(blob) of a pending pack; the next garbage collection keeps it")
                    } else {
                        report.problems.append("snapshot \(ref) \(file.path) needs blob \(blob), which no pack holds")
                    }
                }
            }
        }
        guard depth.readDataFraction > 0 else { return report }
        let selected = Set(index.packs.keys.filter { depth.selects($0.words.0) && stored[$0] != nil })
        try await checkHeaders(selected.sorted(), index: index, report: &report)
        try await readFiles(documents, selected: selected, index: index, report: &report)
        return report
    }

    /// Reads each selected pack's header (its tail) and compares it with the index.
    private func checkHeaders(_ packs: [BlobID], index: PackedIndex, report: inout RepositoryCheckReport) async throws {
        let outcomes = try await concurrentMap(packs, limit: context.transfers) { [context] id -> (Int64, String?) in
            let pack = index.packs[id]!
            let key = context.keys.pack(id)
            do {
                let blobBytes = pack.blobs.count == 0 ? 0 : pack.blobs.map { Int($0.offset) + Int($0.storedLength) }.max()!
                let tail = try await context.store.get(key: key, range: Int64(blobBytes)..<Int64(pack.length))
                guard tail.count >= 4, tail.count == Int(pack.length) - blobBytes else { throw RepositoryError.damagedObject(key, "it is shorter than its index says") }
                let headerLength = tail.suffix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
                guard headerLength == tail.count - 4 else { throw RepositoryError.damagedObject(key, "its header length field does not match the index") }
                let header = try context.cipher.open(tail.dropLast(4), object: key)
                let entries = try PackHeader.decode(header, blobBytes: blobBytes, maxRaw: context.config.chunker.maxSize, minStored: context.cipher.overhead, object: key)
                guard entries == pack.blobs else { throw RepositoryError.damagedObject(key, "its header does not list the blobs its index entry lists") }
                return (Int64(tail.count), nil)
            } catch {
                try PackedReader.rethrowIfFatal(error)
                return (0, "\(error)")
            }
        }
        report.dataObjectsRead += packs.count
        for (bytes, problem) in outcomes {
            report.bytesRead += bytes
            if let problem { report.problems.append(problem) }
        }
    }

    /// Reads every distinct file with a blob in a selected pack, in file order, checking blobs
    /// and whole-file hashes; the plaintext goes to temporary files removed as each completes.
    private func readFiles(_ documents: [(SnapshotRef, SnapshotDocument)], selected: Set<BlobID>, index: PackedIndex, report: inout RepositoryCheckReport) async throws {
        var seen = Set<[BlobID]>()
        var files: [SnapshotFile] = []
        for (_, document) in documents {
            for file in document.files where !file.blobs.isEmpty && seen.insert(file.blobs).inserted {
                if file.blobs.contains(where: { index.location(of: $0).map { selected.contains($0.pack) } ?? false }) { files.append(file) }
            }
        }
        let folder = scratch + "/check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var requests: [FileToRead] = []
        var byPath: [VirtualPath: SnapshotFile] = [:]
        for (number, file) in files.enumerated() {
            let path = try VirtualPath("check/\(number)")
            let destination = folder + "/\(number)"
            guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw FileSystemError(path: destination, operation: "create", message: "cannot create a scratch file for checking")
            }
            requests.append(FileToRead(path: path, entry: file.entry, destination: destination))
            byPath[path] = SnapshotFile(path: path, entry: file.entry, blobs: file.blobs, metadata: nil)
        }
        let document = SnapshotDocument(timestamp: "1970-01-01T00:00:00.000Z", files: Array(byPath.values))
        let reader = PackedReader(context: context, ref: .regular(try SnapshotID(parsing: "1970-01-01T00-00-00-000Z")), document: document, index: index)
        let originals = files.map(\.path)
        let outcomes = Locked<[(VirtualPath, String?, Int64)]>([])
        try await reader.read(requests, concurrency: context.transfers) { file, result in
            try? FileManager.default.removeItem(atPath: file.destination)
            let original = originals[Int(file.path.name)!]
            switch result {
            case .success(let digest): outcomes.withLock { $0.append((original, nil, digest.size)) }
            case .failure(let error): outcomes.withLock { $0.append((original, "\(original): \(error)", 0)) }
            }
        }
        for (_, problem, bytes) in outcomes.withLock({ $0 }) {
            report.filesRead += 1
            report.bytesRead += bytes
            if let problem { report.problems.append(problem) }
        }
    }
}

extension PackedRepository {
    /// Checks the repository (`verify --repository`): every snapshot opens, every index object
    /// matches its name, every pack the index names exists with its size, every blob a snapshot
    /// names is in a pack. With a read-data share, that share of the packs (chosen by the seed:
    /// vary it to cover all packs over runs) is read: headers against the index, and every file
    /// with a blob in them in full, each blob authenticated and hash-checked, each file's SHA-256.
    public func check(_ depth: RepositoryCheckDepth, scratch: String) async throws -> RepositoryCheckReport {
        try await context.cipher.unlock()
        return try await PackedChecker(context: context, scratch: scratch).run(depth)
    }
}
