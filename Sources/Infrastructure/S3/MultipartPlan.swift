/// How a body is cut into multipart parts: S3 and B2 take parts of 5 MiB (B2: 5 MB) to 5 GiB,
/// at most 10,000 of them, every part but the last at least the minimum. The configured part size
/// is clamped into that range and grown when the body would need more than 10,000 parts.
public struct MultipartPlan: Sendable, Equatable {
    /// One part: its number and the byte range of the body it carries.
    public struct Part: Sendable, Equatable {
        /// 1-based, as S3 numbers parts.
        public var number: Int
        /// First byte of the part within the body.
        public var offset: Int64
        /// Bytes in the part.
        public var length: Int64
    }

    /// S3's minimum for every part but the last (B2's is 5 MB, a little less).
    public static let minimumPartSize: Int64 = 5 * 1024 * 1024
    /// S3's and B2's largest part.
    public static let maximumPartSize: Int64 = 5 * 1024 * 1024 * 1024
    /// S3's and B2's most parts per upload.
    public static let maximumParts: Int64 = 10_000

    /// The part size actually used after clamping.
    public var partSize: Int64
    /// The parts in order; one (possibly empty) part for an empty body.
    public var parts: [Part]

    /// Cuts `totalSize` bytes into parts of about `requested` bytes.
    public init(totalSize: Int64, partSize requested: Int64) {
        var size = min(max(requested, Self.minimumPartSize), Self.maximumPartSize)
        if totalSize > size * Self.maximumParts {
            let mib: Int64 = 1024 * 1024
            size = ((totalSize + Self.maximumParts - 1) / Self.maximumParts + mib - 1) / mib * mib
        }
        partSize = size
        var parts: [Part] = []
        var offset: Int64 = 0
        while offset < totalSize || parts.isEmpty {
            let length = min(size, totalSize - offset)
            parts.append(Part(number: parts.count + 1, offset: offset, length: length))
            offset += length
            if length == 0 { break }
        }
        self.parts = parts
    }
}
