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
/// Memory is bounded by the slots: a pack under construction takes one and keeps it until its
/// upload ends, and a writer that produces blobs faster than the store takes them waits for a
/// slot. Of the `transfers × packSize` a push may hold for packs, three packs' worth is left for
/// an uploaded pack whose request the HTTP client releases a moment after the answer, and for
/// the allocator's slack; the two filling packs leave `transfers - 5` uploads (at least one):
/// 5 slots of about 16 MiB at the default 8 transfers. The files being cut (`PackedWriter.cutters`)
/// and the rest of the run stay within the other 64 MiB the push promises.
///
/// An upload sends its pack from this array (the S3 client makes 512 KiB buffers as it goes,
/// never a whole copy), and a pack's array, once uploaded, is emptied and kept for the next
/// pack: the same few buffers serve the whole push. A first push of W1 peaked at 386 MiB with a
/// copy per upload and a fresh array per pack, at 184 MiB without (and with the executable's
/// allocator settings, Sources/CLI/main.swift).
actor Packer {
    /// A pack being filled.
    private struct OpenPack {
        var bytes: [UInt8]? = nil
        var entries: [BlobEntry] = []
        var holdsSlot = false
    }

    /// How many packs fill at once (blobs are spread over them at random).
    static let openPacks = 2

    /// Pack uploads at once for `transfers` (see above).
    static func uploads(transfers: Int) -> Int {
        max(1, transfers - 3 - openPacks)
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
    /// Emptied arrays of uploaded packs, at most one per slot, for the next packs to fill.
    private var spare: [[UInt8]] = []
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
        var bytes = open[which].bytes.take() ?? emptyBuffer()
        open[which].entries.append(BlobEntry(
            id: id, offset: UInt32(bytes.count), storedLength: UInt32(stored.count), rawLength: UInt32(rawLength),
            flags: compressed ? 1 : 0))
        bytes += stored
        let full = bytes.count >= packSize
        open[which].bytes = consume bytes  // the pack's only reference: appends stay in place
        if full { startUpload(which) }
    }

    /// A spare array, or a new one with room for a full pack, its last blob and its header.
    private func emptyBuffer() -> [UInt8] {
        if let recycled = spare.popLast() { return recycled }
        var fresh: [UInt8] = []
        fresh.reserveCapacity(packSize + (4 << 20) + (64 << 10))
        return fresh
    }

    /// Takes back an uploaded pack's array (copied on write, so never the bytes of a request
    /// still in flight) for the next pack.
    private func recycle(_ buffer: consuming [UInt8]) {
        var emptied = buffer
        emptied.removeAll(keepingCapacity: true)
        if emptied.capacity >= packSize { spare.append(emptied) }
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
        let total = open.reduce(0) { $0 + ($1.bytes?.count ?? 0) }
        guard total <= packSize, open.filter({ !$0.entries.isEmpty }).count > 1 else { return }
        var merged = OpenPack()
        for pack in open where !pack.entries.isEmpty {
            let base = UInt32(merged.bytes?.count ?? 0)
            merged.entries += pack.entries.map { entry in
                var moved = entry
                moved.offset += base
                return moved
            }
            merged.bytes = (merged.bytes ?? []) + (pack.bytes ?? [])
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
        var bytes = open[which].bytes.take() ?? []
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
        let pack = PackBytes(consume bytes)
        uploads.append(Task.detached {
            defer { slots.release() }
            let finished = pack.take()
            do {
                let id = BlobID.hashing(finished)
                let length = UInt32(finished.count)
                try await store.put(key: keys.pack(id), body: .bytes(finished), contentType: "application/octet-stream")
                await self.recycle(consume finished)
                return IndexedPack(id: id, length: length, blobs: entries)
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

/// A finished pack handed to its upload task, which takes the array out so that it holds the
/// only reference and can give the emptied array back to the packer.
private final class PackBytes: @unchecked Sendable {
    private var bytes: [UInt8]?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The bytes, once (the task that uploads them is the only caller).
    func take() -> [UInt8] {
        defer { bytes = nil }
        return bytes ?? []
    }
}
