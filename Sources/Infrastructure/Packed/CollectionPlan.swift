/// What one garbage collection does (FORMAT.md section 8), decided from what it read and
/// nothing else: the blobs snapshots use, the index, the packs in `data/` and the time.
struct CollectionPlan {
    /// Packs that stay live untouched.
    var keep: [IndexedPack] = []
    /// Live packs whose used blobs move to new packs (then they are marked pending, reason 2).
    var repack: [(pack: IndexedPack, used: [BlobEntry])] = []
    /// Live packs no snapshot uses: newly pending (reason 1).
    var unused: [IndexedPack] = []
    /// Pending packs a snapshot needs after all: live again.
    var resurrect: [IndexedPack] = []
    /// Pending marks that stay (not old enough yet).
    var stillPending: [PendingPack] = []
    /// Packs in `data/` that no index names: newly pending (reason 3).
    var unindexed: [(id: BlobID, length: Int64)] = []
    /// Pending packs whose grace has passed and that nothing needs: deleted after the new index.
    var delete: [(id: BlobID, length: Int64, reason: PendingPack.Reason)] = []
    /// Blobs snapshots use that no pack holds (the repository is damaged; reported, never "fixed").
    var missingBlobs: Set<BlobID> = []

    /// Whether a new index must be written (anything changes, or several index objects merge).
    var changesIndex: Bool {
        !repack.isEmpty || !unused.isEmpty || !resurrect.isEmpty || !unindexed.isEmpty || !delete.isEmpty
    }

    /// A live pack is repacked when less than this share of its blob bytes is used.
    static let repackBelowUsedShare = 0.5
    /// A live pack smaller than this share of the pack size is "small"; small packs are merged
    /// once together they fill a whole pack. Merging sooner (say, any two) re-uploads the same
    /// growing small pack after every push, and each replaced copy stays a grace period:
    /// measured on W2, that was most of what a session uploaded and a third more bucket.
    static let smallPackShare = 0.25

    init(used: Set<BlobID>, index: PackedIndex, stored: [BlobID: Int64], nowMs: Int64, graceMs: Int64, packSize: Int) {
        // Each used blob counts in one live pack only (blobs found twice after an interrupted
        // repack count once), the one the index resolves it to.
        var usedIn: [BlobID: [BlobEntry]] = [:]
        for blob in used {
            if let location = index.location(of: blob), stored[location.pack] != nil {
                usedIn[location.pack, default: []].append(location.entry)
            }
        }
        var heldLive = Set(used.filter { blob in index.location(of: blob).map { stored[$0.pack] != nil } ?? false })
        for mark in index.pending.values.sorted(by: { $0.pack.id < $1.pack.id }) {
            let needed = mark.pack.blobs.filter { used.contains($0.id) && !heldLive.contains($0.id) }
            if !needed.isEmpty, stored[mark.pack.id] != nil {
                resurrect.append(mark.pack)
                for entry in mark.pack.blobs { heldLive.insert(entry.id) }
            } else if stored[mark.pack.id] == nil {
                continue  // already gone: the mark is dropped
            } else if mark.markedAtMs + graceMs <= nowMs {
                delete.append((mark.pack.id, stored[mark.pack.id]!, mark.reason))
            } else {
                stillPending.append(mark)
            }
        }
        missingBlobs = used.subtracting(heldLive)
        let small = index.packs.values.filter { Double($0.length) < Double(packSize) * Self.smallPackShare && usedIn[$0.id] != nil && stored[$0.id] != nil }
        let mergeSmall = small.count >= 2 && small.reduce(0) { $0 + Int64($1.length) } >= Int64(packSize)
        for pack in index.packs.values.sorted(by: { $0.id < $1.id }) {
            guard stored[pack.id] != nil else { continue }  // named but missing: `check` reports it
            let usedEntries = usedIn[pack.id] ?? []
            let usedBytes = usedEntries.reduce(0) { $0 + Int($1.storedLength) }
            if usedEntries.isEmpty {
                unused.append(pack)
            } else if Double(usedBytes) < Double(pack.blobBytes) * Self.repackBelowUsedShare
                        || (mergeSmall && small.contains { $0.id == pack.id }) {
                repack.append((pack, usedEntries.sorted { $0.offset < $1.offset }))
            } else {
                keep.append(pack)
            }
        }
        let named = Set(index.packs.keys).union(index.pending.keys)
        unindexed = stored.filter { !named.contains($0.key) }.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
    }
}
