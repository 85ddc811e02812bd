import AgentBackupPorts
/// Little-endian writing of the binary records of pack headers and indexes (FORMAT.md 5 and 6).
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ raw: [UInt8]) { bytes += raw }
    mutating func append(_ id: BlobID) { bytes += id.bytes }
    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    mutating func i64(_ value: Int64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
}

/// Little-endian reading with bounds checks: a record that runs past the end is an integrity
/// error naming the object, never a crash or an over-read.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var position = 0
    let object: String

    init(_ bytes: [UInt8], object: String) {
        self.bytes = bytes
        self.object = object
    }

    var remaining: Int { bytes.count - position }
    var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard count <= remaining else {
            throw RepositoryError.damagedObject(object, "it ends inside \(what) (byte \(position) of \(bytes.count))")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func expect(_ magic: [UInt8], _ what: String) throws {
        guard try take(magic.count, what).elementsEqual(magic) else {
            throw RepositoryError.damagedObject(object, "\(what) does not start with \(String(decoding: magic, as: UTF8.self))")
        }
    }

    mutating func u8(_ what: String) throws -> UInt8 { try take(1, what).first! }

    mutating func u32(_ what: String) throws -> UInt32 {
        try take(4, what).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func i64(_ what: String) throws -> Int64 {
        Int64(bitPattern: try take(8, what).reversed().reduce(0) { $0 << 8 | UInt64($1) })
    }

    mutating func id(_ what: String) throws -> BlobID { BlobID(try take(32, what)) }

    /// A count of records of `recordSize` bytes each, checked against what is left so a hostile
    /// count cannot make the caller reserve memory for records that are not there.
    mutating func count(_ what: String, recordSize: Int) throws -> Int {
        let count = Int(try u32(what))
        guard count <= remaining / recordSize else {
            throw RepositoryError.damagedObject(object, "\(what) says \(count) but only \(remaining) bytes follow")
        }
        return count
    }
}
