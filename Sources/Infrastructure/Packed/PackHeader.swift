import AgentBackupPorts
/// One blob as a pack header and an index list it (FORMAT.md sections 5 and 6).
public struct BlobEntry: Sendable, Equatable {
    public var id: BlobID
    /// Where the sealed blob starts in its pack.
    public var offset: UInt32
    /// Its length in the pack (sealed, maybe compressed).
    public var storedLength: UInt32
    /// The plaintext's length.
    public var rawLength: UInt32
    /// Bit 0: the payload is a zstd frame.
    public var flags: UInt8

    public var isCompressed: Bool { flags & 1 != 0 }

    public init(id: BlobID, offset: UInt32, storedLength: UInt32, rawLength: UInt32, flags: UInt8) {
        self.id = id
        self.offset = offset
        self.storedLength = storedLength
        self.rawLength = rawLength
        self.flags = flags
    }
}

/// The header at the end of a pack: `"ABPK" ‖ 1 ‖ 0 0 0 ‖ count ‖ (id ‖ stored ‖ raw ‖ flags)*`,
/// sealed, then its stored length as a u32.
enum PackHeader {
    static let magic: [UInt8] = Array("ABPK".utf8)
    static let entrySize = 41

    /// The plaintext header for `blobs` (offsets are implied by order).
    static func encode(_ blobs: [BlobEntry]) -> [UInt8] {
        var writer = ByteWriter(capacity: 12 + blobs.count * entrySize)
        writer.append(magic)
        writer.append([1, 0, 0, 0])
        writer.u32(UInt32(blobs.count))
        for blob in blobs {
            writer.append(blob.id)
            writer.u32(blob.storedLength)
            writer.u32(blob.rawLength)
            writer.u8(blob.flags)
        }
        return writer.bytes
    }

    /// Parses a header's plaintext; `blobBytes` is the length of the pack before the header
    /// (the blobs must fill it exactly), `maxRaw` the largest plaintext a blob may have.
    static func decode(_ plaintext: [UInt8], blobBytes: Int, maxRaw: Int, minStored: Int, object: String) throws -> [BlobEntry] {
        var reader = ByteReader(plaintext, object: object)
        try reader.expect(magic, "the pack header")
        guard try reader.u8("the header version") == 1 else {
            throw RepositoryError.damagedObject(object, "unknown pack header version")
        }
        for _ in 0..<3 where try reader.u8("the header") != 0 {
            throw RepositoryError.damagedObject(object, "reserved header bytes are not zero")
        }
        let count = try reader.count("the blob count", recordSize: entrySize)
        var blobs: [BlobEntry] = []
        blobs.reserveCapacity(count)
        var offset = 0
        for _ in 0..<count {
            let id = try reader.id("a header entry")
            let stored = try reader.u32("a header entry")
            let raw = try reader.u32("a header entry")
            let flags = try reader.u8("a header entry")
            let entry = BlobEntry(id: id, offset: UInt32(truncatingIfNeeded: offset), storedLength: stored, rawLength: raw, flags: flags)
            try check(entry, packBlobBytes: blobBytes, maxRaw: maxRaw, minStored: minStored, object: object)
            blobs.append(entry)
            offset += Int(stored)
        }
        guard reader.isAtEnd else { throw RepositoryError.damagedObject(object, "bytes follow the last header entry") }
        guard offset == blobBytes else {
            throw RepositoryError.damagedObject(object, "its blobs take \(offset) bytes but \(blobBytes) precede the header")
        }
        return blobs
    }

    /// The checks every reader applies to an entry before using it (FORMAT.md section 5).
    static func check(_ entry: BlobEntry, packBlobBytes: Int, maxRaw: Int, minStored: Int, object: String) throws {
        guard entry.flags & ~1 == 0 else { throw RepositoryError.damagedObject(object, "blob \(entry.id) has unknown flags \(entry.flags)") }
        guard Int(entry.rawLength) <= maxRaw else {
            throw RepositoryError.damagedObject(object, "blob \(entry.id) claims \(entry.rawLength) bytes, more than the largest chunk (\(maxRaw))")
        }
        guard Int(entry.storedLength) > minStored, Int(entry.storedLength) <= Int(entry.rawLength) + minStored else {
            throw RepositoryError.damagedObject(object, "blob \(entry.id) has a stored length (\(entry.storedLength)) impossible for \(entry.rawLength) bytes")
        }
        guard Int(entry.offset) + Int(entry.storedLength) <= packBlobBytes else {
            throw RepositoryError.damagedObject(object, "blob \(entry.id) runs past the end of its pack's blobs (offset \(entry.offset) + \(entry.storedLength) > \(packBlobBytes))")
        }
    }
}
