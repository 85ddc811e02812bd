/// Where a blob is: the pack and its entry there.
public struct BlobLocation: Sendable, Equatable {
    public var pack: BlobID
    public var entry: BlobEntry
}

/// The union of a repository's `index/` objects (FORMAT.md section 6): what writers deduplicate
/// against and readers find blobs in. A pack live in any object is live; pending marks of live
/// packs are dropped (but remembered in `marked`: a writer never deduplicates against such a
/// pack, FORMAT.md section 8). Built once per operation, then read from many tasks.
public struct PackedIndex: Sendable {
    /// The index objects it was built from (a garbage collection deletes exactly these).
    public private(set) var objects: [BlobID] = []
    /// Live packs by id.
    public private(set) var packs: [BlobID: IndexedPack] = [:]
    /// Pending packs by id (none of them live).
    public private(set) var pending: [BlobID: PendingPack] = [:]
    /// Every pack some object read marks pending, live elsewhere or not.
    public private(set) var marked: Set<BlobID> = []
    /// Every blob of a live pack; a blob in several packs keeps its first location.
    private var blobs: [BlobID: BlobLocation] = [:]

    public init() {}

    /// Adds one index object's content.
    mutating func add(_ document: IndexDocument, object: BlobID) {
        objects.append(object)
        for pack in document.packs { addLive(pack) }
        for mark in document.pending {
            marked.insert(mark.pack.id)
            guard packs[mark.pack.id] == nil else { continue }
            // Of two marks the later wins: a collection that re-marked a pack (because it found
            // it live somewhere) did so for a writer that may still rely on it.
            if let existing = pending[mark.pack.id], existing.markedAtMs >= mark.markedAtMs { continue }
            pending[mark.pack.id] = mark
        }
    }

    /// What a writer may deduplicate against: the live packs that no object read marks pending.
    /// A pack live in one index object and pending in another (a collection stopped between
    /// uploading its index and deleting the ones it read, or two collections at once) may be
    /// deleted on the strength of the older mark, so its blobs are stored again instead.
    public func withoutMarkedPacks() -> PackedIndex {
        var result = PackedIndex()
        result.objects = objects
        result.pending = pending
        result.marked = marked
        for id in packs.keys.sorted() where !marked.contains(id) {
            result.addLive(packs[id]!)
        }
        return result
    }

    /// Adds a live pack (a writer's own, once uploaded and indexed).
    mutating func addLive(_ pack: IndexedPack) {
        pending[pack.id] = nil
        guard packs[pack.id] == nil else { return }
        packs[pack.id] = pack
        blobs.reserveCapacity(blobs.count + pack.blobs.count)
        for entry in pack.blobs where blobs[entry.id] == nil {
            blobs[entry.id] = BlobLocation(pack: pack.id, entry: entry)
        }
    }

    /// What a reader resolves blobs in: the live packs, then the pending ones. A pending pack
    /// exists until a collection deletes it, and a snapshot published just after a collection
    /// marked its pack needs it until the next collection makes it live again (FORMAT.md
    /// section 8, step 4).
    public func withPendingPacks() -> PackedIndex {
        var result = self
        for id in pending.keys.sorted() { result.addLive(pending[id]!.pack) }
        return result
    }

    /// Where a live pack holds `id`, or nil.
    public func location(of id: BlobID) -> BlobLocation? {
        blobs[id]
    }

    /// Whether a live pack holds `id`.
    public func contains(_ id: BlobID) -> Bool {
        blobs[id] != nil
    }

    /// Number of distinct live blobs.
    public var blobCount: Int { blobs.count }
}
