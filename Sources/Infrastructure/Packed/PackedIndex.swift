/// Where a blob is: the pack and its entry there.
public struct BlobLocation: Sendable, Equatable {
    public var pack: BlobID
    public var entry: BlobEntry
}

/// The union of a repository's `index/` objects (FORMAT.md section 6): what writers deduplicate
/// against and readers find blobs in. A pack live in any object is live; pending marks of live
/// packs are dropped. Built once per operation, then read from many tasks.
public struct PackedIndex: Sendable {
    /// The index objects it was built from (a garbage collection deletes exactly these).
    public private(set) var objects: [BlobID] = []
    /// Live packs by id.
    public private(set) var packs: [BlobID: IndexedPack] = [:]
    /// Pending packs by id (none of them live).
    public private(set) var pending: [BlobID: PendingPack] = [:]
    /// Every blob of a live pack; a blob in several packs keeps its first location.
    private var blobs: [BlobID: BlobLocation] = [:]

    public init() {}

    /// Adds one index object's content.
    mutating func add(_ document: IndexDocument, object: BlobID) {
        objects.append(object)
        for pack in document.packs { addLive(pack) }
        for mark in document.pending where packs[mark.pack.id] == nil {
            if let existing = pending[mark.pack.id], existing.markedAtMs <= mark.markedAtMs { continue }
            pending[mark.pack.id] = mark
        }
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
