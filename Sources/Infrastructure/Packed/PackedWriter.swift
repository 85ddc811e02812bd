import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// Writes one snapshot of a packed repository: files are cut into chunks, each chunk hashed,
/// looked up in the index and, when new, compressed, sealed and packed; `commit` uploads the
/// last pack, an index naming this writer's packs, then the snapshot (FORMAT.md section 8).
/// `store` and `reuse` may run from many tasks at once.
final class PackedWriter: SnapshotWriter, @unchecked Sendable {
    private let context: PackedContext
    private let ref: SnapshotRef
    private let packer: Packer
    /// Files read, cut, compressed and sealed at once. Each holds a read buffer of up to twice
    /// the largest chunk and a compressed and a sealed chunk (about 16 MiB at most), so four
    /// keep the files' share of a push's memory near 64 MiB while the transfers wait on the
    /// packer's uploads anyway; four also keep up to four cores busy, more than a network takes.
    static let cutters = 4
    private let cutting = AsyncSemaphore(limit: PackedWriter.cutters)
    private let previous: SnapshotDocument?
    private let previousFiles: [VirtualPath: SnapshotFile]
    private let published: @Sendable (SnapshotDocument, [UInt8]) -> Void
    private let lock = NSLock()
    private var index: PackedIndex           // guarded by lock (replaced when revalidated)
    private var indexReadAt: Date            // guarded by lock
    private var files: [VirtualPath: SnapshotFile] = [:]  // guarded by lock
    private var committed = false            // guarded by lock

    init(
        context: PackedContext, ref: SnapshotRef, index: PackedIndex, indexReadAt: Date, previous: SnapshotDocument?,
        published: @escaping @Sendable (SnapshotDocument, [UInt8]) -> Void
    ) {
        self.context = context
        self.ref = ref
        self.index = index
        self.indexReadAt = indexReadAt
        self.previous = previous
        var byPath: [VirtualPath: SnapshotFile] = [:]
        for file in previous?.files ?? [] {
            byPath[file.path] = file
        }
        previousFiles = byPath
        self.published = published
        packer = Packer(
            store: context.store, keys: context.keys, cipher: context.cipher, packSize: context.config.packSize,
            transfers: context.transfers)
    }

    private var currentIndex: PackedIndex { lock.withLock { index } }

    func store(_ path: VirtualPath, from source: LocalSource) async throws -> ManifestEntry {
        if let known = await alreadyStoredSingleBlob(source.expected) {
            record(path, SnapshotFile(path: path, entry: source.expected, blobs: [known], metadata: nil))
            return source.expected
        }
        return try await cutting.withPermit { try await cut(path, from: source) }
    }

    /// Reads `source` chunk by chunk and stores every chunk no pack holds yet.
    private func cut(_ path: VirtualPath, from source: LocalSource) async throws -> ManifestEntry {
        let reader = try readingLocalFile {
            try ChunkReader(path: source.path, chunker: context.chunker, expectedSize: source.expected.size)
        }
        let fileHash = try SHA256Stream()
        var blobs: [BlobID] = []
        var size: Int64 = 0
        var singleChunk: [UInt8]? = nil
        while let chunk = try readingLocalFile({ try reader.next() }) {
            let digest = ChunkHash.sha256(chunk)
            if blobs.isEmpty, reader.isFinished { singleChunk = digest } else { fileHash.update(chunk) }
            size += Int64(chunk.count)
            let id = BlobID(digest)
            blobs.append(id)
            try await storeBlob(id, chunk)
        }
        let hash = singleChunk.map { Hex.encode($0) } ?? Hex.encode(blobs.isEmpty ? ChunkHash.sha256([]) : fileHash.finish())
        let entry = ManifestEntry(hash: hash, size: size)
        record(path, SnapshotFile(path: path, entry: entry, blobs: blobs, metadata: nil))
        return entry
    }

    /// A file of one blob (at most the minimum chunk) whose hash names a blob already stored
    /// costs nothing: that blob is the file's content, whatever the file holds now.
    private func alreadyStoredSingleBlob(_ expected: ManifestEntry) async -> BlobID? {
        guard expected.size > 0, expected.size <= Int64(context.config.chunker.minSize), let id = BlobID(hex: expected.hash) else { return nil }
        if let location = currentIndex.location(of: id), Int64(location.entry.rawLength) == expected.size { return id }
        return nil
    }

    /// Compresses, seals and packs a chunk unless a live pack or this writer already has it.
    private func storeBlob(_ id: BlobID, _ chunk: UnsafeRawBufferPointer) async throws {
        if currentIndex.contains(id) { return }
        guard await packer.claim(id) else { return }
        let frame = try Zstd.compress(chunk)
        let compressed = frame.count < chunk.count
        let stored = compressed ? try context.cipher.seal(frame) : try context.cipher.seal(chunk)
        try await packer.add(id: id, stored: stored, rawLength: chunk.count, compressed: compressed)
    }

    func reuse(_ path: VirtualPath, entry: ManifestEntry) async throws -> Bool {
        guard var file = previousFiles[path], file.entry.hash == entry.hash, file.entry.size == entry.size else { return false }
        let index = currentIndex
        for blob in file.blobs where !index.contains(blob) {
            guard await packer.has(blob) else { return false }
        }
        file.metadata = nil
        record(path, file)
        return true
    }

    private func record(_ path: VirtualPath, _ file: SnapshotFile) {
        lock.withLock { files[path] = file }
    }

    func commit(_ manifest: Manifest, metadata: [VirtualPath: FileMetadata]) async throws -> [UInt8] {
        let document = try lock.withLock {
            guard !committed else { throw RepositoryError(.failed, "this snapshot writer has already committed") }
            committed = true
            return try snapshotDocument(for: manifest, metadata: metadata)
        }
        let packs: [IndexedPack]
        do {
            packs = try await packer.finish()
        } catch {
            await packer.cancel()
            throw error
        }
        // Checked before the index naming the packs goes up: an index must not name a pack gone.
        try await revalidateIfLate(ownPacks: packs)
        if !packs.isEmpty {
            _ = try await context.indexes.write(IndexDocument(packs: packs))
            lock.withLock { for pack in packs { index.addLive(pack) } }
        }
        try requireEveryBlob(document)
        let stored = try PackedDocument.encode(document.encoded(), compress: true, cipher: context.cipher)
        try await context.store.put(key: context.keys.snapshot(ref), body: .bytes(stored), contentType: "application/octet-stream")
        published(document, stored)
        return document.manifest.encoded()
    }

    /// The document for `manifest`: every path must have been stored or reused with its hash.
    private func snapshotDocument(for manifest: Manifest, metadata: [VirtualPath: FileMetadata]) throws -> SnapshotDocument {
        var result: [SnapshotFile] = []
        result.reserveCapacity(manifest.files.count)
        for path in try manifest.validatedPaths() {
            let entry = manifest.files[path]!
            guard var file = files[path], file.entry.hash == entry.hash else {
                throw RepositoryError(.failed, "the snapshot \(ref) lists \(path) but it was neither stored nor carried with hash \(entry.hash): nothing was published")
            }
            file.entry = entry
            file.metadata = metadata[path]
            result.append(file)
        }
        return SnapshotDocument(timestamp: ref.id.isoTimestamp, files: result, origin: manifest.origin)
    }

    /// A writer that has run for a quarter of the grace period re-reads the index (a garbage
    /// collection may have marked packs it relies on since it read it) and lists `data/`: its
    /// own packs, in no index yet, may have been marked and deleted by collections meanwhile
    /// (FORMAT.md section 8). A missing own pack fails the commit here, a missing reused blob in
    /// `requireEveryBlob`; either way before anything names them.
    private func revalidateIfLate(ownPacks: [IndexedPack]) async throws {
        let elapsed = context.clock.now().timeIntervalSince(lock.withLock { indexReadAt })
        guard elapsed > context.config.gcGraceSeconds / 4 else { return }
        let readAt = context.clock.now()
        var fresh = try await context.indexes.load().withoutMarkedPacks()
        let stored = Set(try await context.store.listAll(prefix: context.keys.dataFolder).objects.compactMap {
            context.keys.id(in: $0.key, folder: context.keys.dataFolder)
        })
        if let gone = ownPacks.first(where: { !stored.contains($0.id) }) {
            throw RepositoryError(.failed, "the pack \(context.keys.pack(gone.id)) this push uploaded is gone (a prune ran during this long push): nothing was published; run the push again", files: [context.keys.pack(gone.id)])
        }
        for pack in ownPacks { fresh.addLive(pack) }
        lock.withLock {
            index = fresh
            indexReadAt = readAt
        }
    }

    /// The invariant: a snapshot names only blobs of live packs (FORMAT.md section 8).
    private func requireEveryBlob(_ document: SnapshotDocument) throws {
        let index = currentIndex
        for file in document.files {
            for blob in file.blobs where !index.contains(blob) {
                throw RepositoryError(.failed, "\(file.path) needs blob \(blob), which no live pack holds any more (a prune ran during this long push): nothing was published; run the push again", files: [context.keys.snapshot(ref)])
            }
        }
    }
}

/// Runs `body`, turning `PosixFile` failures into the `FileSystemError` the seam promises for
/// local reading.
func readingLocalFile<R>(_ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let failure as PosixFile.Failure {
        throw FileSystemError(path: failure.path, operation: failure.operation, errno: failure.errno, message: failure.reason)
    }
}
