/// Where one blob's plaintext goes: a file (by its position in the read) and its place there.
struct BlobTarget: Sendable {
    var file: Int
    /// The blob's position in the file's blob list.
    var position: Int
    var offset: Int64
}

/// One ranged GET of a pack serving neighbouring blobs.
struct RangeRequest: Sendable {
    var pack: BlobID
    var start: Int64
    var end: Int64
    var blobs: [(entry: BlobEntry, targets: [BlobTarget])]
}

/// Plans a restore by pack (FORMAT.md sections 5 and 6): every distinct blob the files need is
/// fetched once, neighbouring blobs of a pack share one ranged GET when the gap between them is
/// small, and no GET spans more than `maxSpan` bytes (the memory of one read in flight).
struct ReadPlan {
    /// Blobs closer than this are fetched together (reading a gap is cheaper than a request).
    static let maxGap: Int64 = 1 << 20
    /// The largest ranged GET.
    static let maxSpan: Int64 = 8 << 20

    var requests: [RangeRequest] = []
    /// Files that cannot be read: a blob no live pack holds.
    var missing: [Int: BlobID] = [:]

    init(files: [[BlobID]], index: PackedIndex) {
        var byPack: [BlobID: [BlobID: (entry: BlobEntry, targets: [BlobTarget])]] = [:]
        var packOrder: [BlobID] = []
        for (file, blobs) in files.enumerated() {
            var offset: Int64 = 0
            var targets: [(BlobLocation, BlobTarget)] = []
            for (position, blob) in blobs.enumerated() {
                guard let location = index.location(of: blob) else {
                    missing[file] = blob
                    break
                }
                targets.append((location, BlobTarget(file: file, position: position, offset: offset)))
                offset += Int64(location.entry.rawLength)
            }
            guard missing[file] == nil else { continue }
            for (location, target) in targets {
                if byPack[location.pack] == nil { packOrder.append(location.pack) }
                byPack[location.pack, default: [:]][location.entry.id, default: (location.entry, [])].targets.append(target)
            }
        }
        for pack in packOrder {
            requests += Self.coalesce(pack: pack, blobs: Array(byPack[pack]!.values))
        }
    }

    /// Ranged GETs of `pack` serving `blobs`: neighbours share a GET when the gap between them is
    /// at most `maxGap` and the GET stays within `maxSpan`.
    static func coalesce(pack: BlobID, blobs: [(entry: BlobEntry, targets: [BlobTarget])]) -> [RangeRequest] {
        var requests: [RangeRequest] = []
        var current: RangeRequest? = nil
        for blob in blobs.sorted(by: { $0.entry.offset < $1.entry.offset }) {
            let start = Int64(blob.entry.offset), end = start + Int64(blob.entry.storedLength)
            if var open = current, start - open.end <= maxGap, end - open.start <= maxSpan {
                open.end = max(open.end, end)
                open.blobs.append(blob)
                current = open
            } else {
                if let open = current { requests.append(open) }
                current = RangeRequest(pack: pack, start: start, end: end, blobs: [blob])
            }
        }
        if let open = current { requests.append(open) }
        return requests
    }
}
