import AgentBackupPorts
/// A pack as an index lists it.
public struct IndexedPack: Sendable, Equatable {
    public var id: BlobID
    /// The pack object's length in bytes.
    public var length: UInt32
    public var blobs: [BlobEntry]

    public init(id: BlobID, length: UInt32, blobs: [BlobEntry]) {
        self.id = id
        self.length = length
        self.blobs = blobs
    }

    /// Bytes of its blobs in the pack.
    public var blobBytes: Int { blobs.reduce(0) { $0 + Int($1.storedLength) } }
}

/// A pack scheduled for deletion (FORMAT.md section 8).
public struct PendingPack: Sendable, Equatable {
    public enum Reason: UInt8, Sendable {
        /// No snapshot used any of its blobs.
        case unused = 1
        /// Its used blobs were copied into other packs.
        case repacked = 2
        /// It was in `data/` with no index naming it (an interrupted write).
        case unindexed = 3
    }

    public var pack: IndexedPack
    /// When the mark was uploaded, milliseconds since 1970.
    public var markedAtMs: Int64
    public var reason: Reason

    public init(pack: IndexedPack, markedAtMs: Int64, reason: Reason) {
        self.pack = pack
        self.markedAtMs = markedAtMs
        self.reason = reason
    }
}

/// The content of one `index/<id>` object (FORMAT.md section 6).
public struct IndexDocument: Sendable, Equatable {
    public var packs: [IndexedPack]
    public var pending: [PendingPack]

    static let magic: [UInt8] = Array("ABIX".utf8)
    static let blobRecordSize = 45

    public init(packs: [IndexedPack] = [], pending: [PendingPack] = []) {
        self.packs = packs
        self.pending = pending
    }

    /// The binary document (before compression and sealing).
    func encoded() -> [UInt8] {
        let blobCount = packs.reduce(0) { $0 + $1.blobs.count } + pending.reduce(0) { $0 + $1.pack.blobs.count }
        var writer = ByteWriter(capacity: 16 + (packs.count + pending.count) * 50 + blobCount * Self.blobRecordSize)
        writer.append(Self.magic)
        writer.append([1, 0, 0, 0])
        writer.u32(UInt32(packs.count))
        for pack in packs {
            writer.append(pack.id)
            writer.u32(pack.length)
            Self.write(pack.blobs, to: &writer)
        }
        writer.u32(UInt32(pending.count))
        for mark in pending {
            writer.append(mark.pack.id)
            writer.u32(mark.pack.length)
            writer.i64(mark.markedAtMs)
            writer.u8(mark.reason.rawValue)
            Self.write(mark.pack.blobs, to: &writer)
        }
        return writer.bytes
    }

    private static func write(_ blobs: [BlobEntry], to writer: inout ByteWriter) {
        writer.u32(UInt32(blobs.count))
        for blob in blobs {
            writer.append(blob.id)
            writer.u32(blob.offset)
            writer.u32(blob.storedLength)
            writer.u32(blob.rawLength)
            writer.u8(blob.flags)
        }
    }

    /// Parses and checks a binary document; `maxRaw` and `minStored` as for pack headers.
    static func decode(_ bytes: [UInt8], maxRaw: Int, minStored: Int, object: String) throws -> IndexDocument {
        var reader = ByteReader(bytes, object: object)
        try reader.expect(magic, "the index")
        guard try reader.u8("the index version") == 1 else { throw RepositoryError.damagedObject(object, "unknown index version") }
        for _ in 0..<3 where try reader.u8("the index") != 0 {
            throw RepositoryError.damagedObject(object, "reserved index bytes are not zero")
        }
        var document = IndexDocument()
        let packCount = try reader.count("the pack count", recordSize: 40)
        for _ in 0..<packCount {
            let id = try reader.id("a pack record")
            let length = try reader.u32("a pack record")
            let blobs = try readBlobs(&reader, packLength: length, maxRaw: maxRaw, minStored: minStored)
            document.packs.append(IndexedPack(id: id, length: length, blobs: blobs))
        }
        let pendingCount = try reader.count("the pending count", recordSize: 49)
        for _ in 0..<pendingCount {
            let id = try reader.id("a pending record")
            let length = try reader.u32("a pending record")
            let markedAt = try reader.i64("a pending record")
            guard let reason = PendingPack.Reason(rawValue: try reader.u8("a pending record")) else {
                throw RepositoryError.damagedObject(object, "a pending pack has an unknown reason")
            }
            let blobs = try readBlobs(&reader, packLength: length, maxRaw: maxRaw, minStored: minStored)
            document.pending.append(PendingPack(pack: IndexedPack(id: id, length: length, blobs: blobs), markedAtMs: markedAt, reason: reason))
        }
        guard reader.isAtEnd else { throw RepositoryError.damagedObject(object, "bytes follow the last index record") }
        return document
    }

    private static func readBlobs(_ reader: inout ByteReader, packLength: UInt32, maxRaw: Int, minStored: Int) throws -> [BlobEntry] {
        let count = try reader.count("a pack's blob count", recordSize: blobRecordSize)
        var blobs: [BlobEntry] = []
        blobs.reserveCapacity(count)
        for _ in 0..<count {
            let entry = BlobEntry(
                id: try reader.id("a blob record"), offset: try reader.u32("a blob record"),
                storedLength: try reader.u32("a blob record"), rawLength: try reader.u32("a blob record"),
                flags: try reader.u8("a blob record"))
            try PackHeader.check(entry, packBlobBytes: max(0, Int(packLength) - 4), maxRaw: maxRaw, minStored: minStored, object: reader.object)
            blobs.append(entry)
        }
        return blobs
    }
}
