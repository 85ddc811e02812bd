import AgentBackupPorts

/// Gathers sealed blobs into packs of about `packSize` bytes and uploads each finished pack
/// (FORMAT.md section 5) while the writer goes on.
///
/// Two packs are open at once and each blob goes into one of them at random (a system random
/// generator, not the content): pack sizes then say nothing about how one file was cut, so the
/// sizes of finished packs cannot be used to recover the chunker's key from known content
/// ("Chunking Attacks", 2025; restic 0.18 does the same). The cost: a push ends with up to two
/// partly filled packs instead of one when they do not fit in one together (else they are merged),
/// and a file's chunks are split over two packs.
///
/// Memory is bounded by `transfers × packSize` for the packs: a pack under construction takes
/// a slot and keeps it until its upload ends. An upload holds its pack twice (the bytes given
/// to the store and the request body an S3 client copies them into), so the two filling packs
/// leave room for `(transfers - 2) / 2` uploads (at least one): 5 slots, 3 uploads of 16 MiB
/// packs at the default 8 transfers (the first push of W1 peaked at 291 MiB with a slot per
/// transfer). A writer that produces blobs faster than the store takes them waits for a slot.
actor Packer {
    /// A pack being filled.
    private struct OpenPack {
        var bytes: [UInt8] = []
        var entries: [BlobEntry] = []
        var holdsSlot = false
    }

    /// How many packs fill at once (blobs are spread over them at random).
    static let openPacks = 2

    /// Pack uploads at once for `transfers` (see above).
    static func uploads(transfers: Int) -> Int {
        max(1, (transfers - openPacks) / 2)
    }

    private let store: any ObjectStore
    private let keys: PackedKeys
    private let cipher: RepositoryCipher
    private let packSize: Int
    private let slots: AsyncSemaphore

    private var open = [OpenPack](repeating: OpenPack(), count: Packer.openPacks)
    private var random: any RandomNumberGenerator & Sendable
    /// Blobs claimed by this writer (being sealed, packed, uploading or uploaded).
    private var claimed: Set<BlobID> = []
    private var uploads: [Task<IndexedPack, any Error>] = []
    private var failure: (any Error)?

    /// `random` picks the open pack of each blob; the system generator unless a test fixes it.
    init(
        store: any ObjectStore, keys: PackedKeys, cipher: RepositoryCipher, packSize: Int, transfers: Int,
        random: any RandomNumberGenerator & Sendable = SystemRandomNumberGenerator()
    ) {
        self.store = store
        self.keys = keys
        self.cipher = cipher
        self.packSize = packSize
        self.random = random
        slots = AsyncSemaphore(limit: Packer.openPacks + Packer.uploads(transfers: transfers))
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
        let which = Int.random(in: 0..<open.count, using: &random)
        if !open[which].holdsSlot {
            try await slots.acquire()
            if open[which].holdsSlot { slots.release() } else { open[which].holdsSlot = true }  // another add got one meanwhile
        }
        open[which].entries.append(BlobEntry(
            id: id, offset: UInt32(open[which].bytes.count), storedLength: UInt32(stored.count), rawLength: UInt32(rawLength),
            flags: compressed ? 1 : 0))
        if open[which].bytes.isEmpty { open[which].bytes.reserveCapacity(packSize + (4 << 20)) }
        open[which].bytes += stored
        if open[which].bytes.count >= packSize { startUpload(which) }
    }

    /// Uploads the last pack and waits for every upload; returns the packs, in no order.
    func finish() async throws -> [IndexedPack] {
        mergeOpenPacks()
        for which in open.indices where !open[which].entries.isEmpty { startUpload(which) }
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

    /// At the end, the open packs go up as one when together they fit in a pack: a small push
    /// then costs one pack PUT, not two. The merged pack's size is the sum of every blob left,
    /// which says nothing about where one file was cut.
    private func mergeOpenPacks() {
        let total = open.reduce(0) { $0 + $1.bytes.count }
        guard total <= packSize, open.filter({ !$0.entries.isEmpty }).count > 1 else { return }
        var merged = OpenPack()
        for pack in open where !pack.entries.isEmpty {
            let base = UInt32(merged.bytes.count)
            merged.entries += pack.entries.map { entry in
                var moved = entry
                moved.offset += base
                return moved
            }
            merged.bytes += pack.bytes
            if pack.holdsSlot {
                if merged.holdsSlot { slots.release() } else { merged.holdsSlot = true }
            }
        }
        open = [OpenPack](repeating: OpenPack(), count: open.count)
        open[0] = merged
    }

    /// Abandons the uploads still running (the writer failed).
    func cancel() {
        for upload in uploads { upload.cancel() }
    }

    private func startUpload(_ which: Int) {
        let entries = open[which].entries
        var bytes = open[which].bytes
        open[which] = OpenPack()
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
