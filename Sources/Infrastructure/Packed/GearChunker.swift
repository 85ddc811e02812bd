/// FastCDC with normalized chunking over a keyed gear table (FORMAT.md section 9).
///
/// `cut` is the hot loop of a push: one shift, one add, one table load and one test per byte,
/// after skipping the first `minSize` bytes of every chunk unread. It must stay well above
/// SHA-256's speed so it never limits a push (`agent-backup-bench chunker` measures it).
///
/// Immutable and shareable: the table lives in its own allocation, freed with the chunker.
public final class GearChunker: @unchecked Sendable {
    public let parameters: ChunkerParameters
    private let gear: UnsafeMutablePointer<UInt64>
    private let maskSmall: UInt64
    private let maskLarge: UInt64

    public init(_ parameters: ChunkerParameters) {
        precondition(parameters.problem == nil, "invalid chunker parameters: \(parameters.problem ?? "")")
        self.parameters = parameters
        gear = .allocate(capacity: 256)
        for (index, value) in Self.gearTable(key: parameters.key).enumerated() { gear[index] = value }
        let bits = parameters.averageSize.trailingZeroBitCount
        maskSmall = Self.topBits(bits + 2)
        maskLarge = Self.topBits(bits - 2)
    }

    deinit {
        gear.deallocate()
    }

    /// `gear[i]` = the first 8 bytes, little-endian, of HMAC-SHA256(key, "gear" ‖ i).
    public static func gearTable(key: [UInt8]) -> [UInt64] {
        (0..<256).map { index in
            let mac = HMACSHA256.authenticationCode(key: key, message: Array("gear".utf8) + [UInt8(index)])
            return mac.prefix(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// A mask with the top `count` bits of 64 set.
    static func topBits(_ count: Int) -> UInt64 {
        count <= 0 ? 0 : ~UInt64(0) << UInt64(64 - min(count, 64))
    }

    /// The length of the chunk starting at `bytes`, where `bytes` holds the next `count` bytes of
    /// the file and either reaches its end or holds at least `maxSize` bytes.
    public func cut(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        let minSize = parameters.minSize
        if count <= minSize { return count }
        let end = min(count, parameters.maxSize)
        let normal = min(parameters.averageSize, end)
        let data = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let gear = self.gear
        var hash: UInt64 = 0
        var index = minSize
        let small = maskSmall, large = maskLarge
        while index < normal {
            hash = (hash &<< 1) &+ gear[Int(data[index])]
            if hash & small == 0 { return index + 1 }
            index += 1
        }
        while index < end {
            hash = (hash &<< 1) &+ gear[Int(data[index])]
            if hash & large == 0 { return index + 1 }
            index += 1
        }
        return end
    }

    /// The chunk lengths of `bytes` as a whole file (tests and vectors).
    public func lengths(of bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBytes { all in
            var lengths: [Int] = []
            var start = 0
            while start < all.count {
                let length = cut(UnsafeRawBufferPointer(rebasing: all[start...]))
                lengths.append(length)
                start += length
            }
            return lengths
        }
    }
}
