import AgentBackupPorts
import Foundation

/// Reads and writes a repository's `index/` objects, keeping their stored bytes in a local cache
/// folder (FORMAT.md section 6): loading costs one LIST plus a GET per index object this machine
/// has not seen, so a push that changes nothing reads no object. Cached copies are checked
/// against their names (the SHA-256 of the stored bytes) and refetched when damaged; copies of
/// objects the bucket no longer lists are removed.
struct IndexStore: Sendable {
    let store: any ObjectStore
    let keys: PackedKeys
    let cipher: RepositoryCipher
    let config: PackedConfig
    /// `<cache>/index`, or nil for no cache.
    let cacheFolder: String?

    /// Largest index object downloaded.
    static let maxIndexBytes = PackedDocument.maxStoredBytes

    /// The union of every index object. An object deleted between the listing and its GET (a
    /// garbage collection replaced it) restarts the load, at most three times.
    func load() async throws -> PackedIndex {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await loadOnce()
            } catch let error as StoreError where error.code == .notFound && attempt < 3 {
                continue
            }
        }
    }

    private func loadOnce() async throws -> PackedIndex {
        let listed = try await store.listAll(prefix: keys.indexFolder).objects.compactMap { keys.id(in: $0.key, folder: keys.indexFolder) }
        pruneCache(keeping: Set(listed))
        let documents = try await withThrowingTaskGroup(of: (BlobID, IndexDocument).self) { group in
            var pending = listed.makeIterator()
            var results: [(BlobID, IndexDocument)] = []
            for _ in 0..<8 {
                guard let id = pending.next() else { break }
                group.addTask { (id, try await document(id)) }
            }
            while let result = try await group.next() {
                results.append(result)
                if let id = pending.next() { group.addTask { (id, try await document(id)) } }
            }
            return results
        }
        var index = PackedIndex()
        for (id, document) in documents.sorted(by: { $0.0 < $1.0 }) { index.add(document, object: id) }
        return index
    }

    /// One index object's content, from the cache when a verified copy is there.
    func document(_ id: BlobID) async throws -> IndexDocument {
        let key = keys.index(id)
        let stored: [UInt8]
        if let cached = cached(id) {
            stored = cached
        } else {
            stored = try await store.get(key: key, maxBytes: Self.maxIndexBytes)
            guard BlobID.hashing(stored) == id else {
                throw RepositoryError.damagedObject(key, "its content does not hash to its name")
            }
            saveToCache(stored, id: id)
        }
        return try decode(stored, object: key)
    }

    /// Parses a stored index object.
    func decode(_ stored: [UInt8], object: String) throws -> IndexDocument {
        let plaintext = try PackedDocument.decode(stored, cipher: cipher, object: object)
        return try IndexDocument.decode(plaintext, maxRaw: config.chunker.maxSize, minStored: cipher.overhead, object: object)
    }

    /// Uploads `document` as a new index object (and caches it); returns its id.
    func write(_ document: IndexDocument) async throws -> BlobID {
        let stored = try PackedDocument.encode(document.encoded(), compress: true, cipher: cipher)
        let id = BlobID.hashing(stored)
        try await store.put(key: keys.index(id), body: .bytes(stored), contentType: "application/octet-stream")
        saveToCache(stored, id: id)
        return id
    }

    // MARK: The cache folder

    private func cachePath(_ id: BlobID) -> String? {
        cacheFolder.map { $0 + "/" + id.hex }
    }

    private func cached(_ id: BlobID) -> [UInt8]? {
        guard let path = cachePath(id), let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard BlobID.hashing(bytes) == id else {
            try? FileManager.default.removeItem(atPath: path)
            return nil
        }
        return bytes
    }

    /// Best effort: a cache that cannot be written only costs GETs next time.
    private func saveToCache(_ stored: [UInt8], id: BlobID) {
        guard let path = cachePath(id) else { return }
        CacheFile.write(stored, to: path)
    }

    private func pruneCache(keeping listed: Set<BlobID>) {
        guard let folder = cacheFolder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where BlobID(hex: name).map({ !listed.contains($0) }) ?? name.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
