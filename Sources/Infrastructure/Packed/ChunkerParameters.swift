/// How a repository's writer cuts files into blobs (FORMAT.md sections 4 and 9). Stored in the
/// config so every machine writing to the repository cuts alike and deduplicates together.
public struct ChunkerParameters: Sendable, Equatable {
    /// The secret key the gear table is derived from: chunk boundaries do not fingerprint content
    /// for someone without it.
    public var key: [UInt8]
    /// No content-defined chunk is shorter (except a file's last).
    public var minSize: Int
    /// The average the masks aim at; a power of two.
    public var averageSize: Int
    /// No chunk is longer: also the largest blob a reader accepts.
    public var maxSize: Int
    /// The fixed chunk length for SQLite databases, a multiple of every page size.
    public var sqlitePageChunk: Int

    /// The defaults: 256 KiB / 1 MiB / 4 MiB, 64 KiB database chunks.
    public static func standard(key: [UInt8]) -> ChunkerParameters {
        ChunkerParameters(key: key, minSize: 256 << 10, averageSize: 1 << 20, maxSize: 4 << 20, sqlitePageChunk: 64 << 10)
    }

    public init(key: [UInt8], minSize: Int, averageSize: Int, maxSize: Int, sqlitePageChunk: Int) {
        self.key = key
        self.minSize = minSize
        self.averageSize = averageSize
        self.maxSize = maxSize
        self.sqlitePageChunk = sqlitePageChunk
    }

    /// Why these parameters cannot be used, or nil. Readers refuse a config that fails this.
    public var problem: String? {
        if key.count != 32 { return "the chunker key must be 32 bytes" }
        if averageSize < 256 || averageSize.nonzeroBitCount != 1 { return "averageSize must be a power of two ≥ 256" }
        if !(64 <= minSize && minSize < averageSize && averageSize < maxSize) { return "sizes must satisfy 64 ≤ minSize < averageSize < maxSize" }
        if maxSize > 64 << 20 { return "maxSize must be at most 64 MiB" }
        if sqlitePageChunk < 512 || sqlitePageChunk > maxSize || sqlitePageChunk % 512 != 0 {
            return "sqlitePageChunk must be a multiple of 512 between 512 and maxSize"
        }
        return nil
    }
}
