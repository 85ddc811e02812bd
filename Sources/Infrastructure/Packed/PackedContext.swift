import AgentBackupPorts
import Foundation

/// What every part of an open packed repository shares: the store, the key names, the opened
/// config and cipher, the chunker, the clock and the index cache.
struct PackedContext: Sendable {
    let store: any ObjectStore
    let keys: PackedKeys
    let config: PackedConfig
    let cipher: RepositoryCipher
    let chunker: GearChunker
    let clock: any WallClock
    let indexes: IndexStore
    /// Copies of the last snapshots written or read (`holds` without a request of its own).
    let snapshots: SnapshotCache
    /// When this machine last collected garbage (the collection after a push runs when due).
    let collections: CollectionSchedule
    /// Pack uploads (and ranged reads of a garbage collection) in flight at once.
    let transfers: Int

    init(store: any ObjectStore, keys: PackedKeys, config: PackedConfig, cipher: RepositoryCipher, clock: any WallClock, cacheFolder: String?, transfers: Int) {
        self.store = store
        self.keys = keys
        self.config = config
        self.cipher = cipher
        self.chunker = GearChunker(config.chunker)
        self.clock = clock
        self.indexes = IndexStore(store: store, keys: keys, cipher: cipher, config: config, cacheFolder: cacheFolder.map { $0 + "/index" })
        self.snapshots = SnapshotCache(folder: cacheFolder.map { $0 + "/snapshot-copies" })
        self.collections = CollectionSchedule(path: cacheFolder.map { $0 + "/last-collection" })
        self.transfers = transfers
    }

    /// Milliseconds since 1970 by the clock.
    var nowMs: Int64 { Int64((clock.now().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Opens a sealed blob read from `pack` and returns its verified plaintext: tag, payload
    /// length, decompression to exactly `rawLength` bytes, SHA-256 equal to the blob's id.
    func openBlob(_ stored: ArraySlice<UInt8>, entry: BlobEntry, pack: String) throws -> [UInt8] {
        let payload = try cipher.open(stored, object: pack)
        let plaintext: [UInt8]
        if entry.isCompressed {
            do {
                plaintext = try Zstd.decompress(payload, exactSize: Int(entry.rawLength))
            } catch let error as ZstdError {
                throw RepositoryError.damagedObject(pack, "blob \(entry.id) does not decompress (\(error.message))")
            }
        } else {
            guard payload.count == Int(entry.rawLength) else {
                throw RepositoryError.damagedObject(pack, "blob \(entry.id) holds \(payload.count) bytes, its entry says \(entry.rawLength)")
            }
            plaintext = payload
        }
        guard BlobID(ChunkHash.sha256(plaintext)) == entry.id else {
            throw RepositoryError.damagedObject(pack, "blob \(entry.id) does not hash to its id")
        }
        return plaintext
    }
}
