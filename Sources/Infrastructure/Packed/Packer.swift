import AgentBackupPorts

/// Gathers sealed blobs into packs of about `packSize` bytes and uploads each finished pack
/// (FORMAT.md section 5) while the writer goes on.
///
/// Memory is bounded: a pack under construction takes one of `transfers + 1` slots, and a pack
/// keeps its slot until its upload ends, so at most `transfers` uploads run and one more pack
/// fills: `(transfers + 1) × packSize` bytes at most. A writer that produces blobs faster than
/// the store takes them waits for a slot.
actor Packer {
    private let store: any ObjectStore
    private let keys: PackedKeys
    private let cipher: RepositoryCipher
    private let packSize: Int
    private let slots: AsyncSemaphore

    private var current: [UInt8] = []
    private var currentEntries: [BlobEntry] = []
    private var holdsSlot = false
    /// Blobs claimed by this writer (being sealed, packed, uploading or uploaded).
    private var claimed: Set<BlobID> = []
    private var uploads: [Task<IndexedPack, any Error>] = []
    private var failure: (any Error)?

    init(store: any ObjectStore, keys: PackedKeys, cipher: RepositoryCipher, packSize: Int, transfers: Int) {
        self.store = store
        self.keys = keys
        self.cipher = cipher
        self.packSize = packSize
        slots = AsyncSemaphore(limit: max(1, transfers) + 1)
    }

    /// True when the caller is the first to store `id` in this writer and must seal and `add` it;
    /// false when another task already does (or did).
    func claim(_ id: BlobID) -> Bool {
        claimed.insert(id).inserted
    }

    /// Whether this writer stored (or is storing) `id`.
    func has(_ id: BlobID) -> Bool {
        claimed.contains(id)
    }

    /// Appends a sealed blob; starts the pack's upload once it is full.
    func add(id: BlobID, stored: [UInt8], rawLength: Int, compressed: Bool) async throws {
        if let failure { throw failure }
        if !holdsSlot {
            try await slots.acquire()
            if holdsSlot { slots.release() } else { holdsSlot = true }  // another add got one meanwhile
        }
        currentEntries.append(BlobEntry(
            id: id, offset: UInt32(current.count), storedLength: UInt32(stored.count), rawLength: UInt32(rawLength),
            flags: compressed ? 1 : 0))
        if current.isEmpty { current.reserveCapacity(packSize + (4 << 20)) }
        current += stored
        if current.count >= packSize { startUpload() }
    }

    /// Uploads the last pack and waits for every upload; returns the packs, in no order.
    func finish() async throws -> [IndexedPack] {
        if !currentEntries.isEmpty { startUpload() }
        var packs: [IndexedPack] = []
        var firstError = failure
        for upload in uploads {
            do {
                packs.append(try await upload.value)
            } catch {
                firstError = firstError ?? error
            }
        }
        uploads = []
        if let firstError { throw firstError }
        return packs
    }

    /// Abandons the uploads still running (the writer failed).
    func cancel() {
        for upload in uploads { upload.cancel() }
    }

    private func startUpload() {
        let entries = currentEntries
        var bytes = current
        current = []
        currentEntries = []
        holdsSlot = false
        let (store, keys, slots) = (store, keys, slots)
        let header: [UInt8]
        do {
            header = try cipher.seal(PackHeader.encode(entries))
        } catch {
            slots.release()
            record(error)
            return
        }
        bytes += header
        withUnsafeBytes(of: UInt32(header.count).littleEndian) { bytes += $0 }
        let finished = bytes
        uploads.append(Task.detached {
            defer { slots.release() }
            do {
                let id = BlobID.hashing(finished)
                try await store.put(key: keys.pack(id), body: .bytes(finished), contentType: "application/octet-stream")
                return IndexedPack(id: id, length: UInt32(finished.count), blobs: entries)
            } catch {
                await self.record(error)
                throw error
            }
        })
    }

    private func record(_ error: any Error) {
        failure = failure ?? error
    }
}
