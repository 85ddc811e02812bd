/// One version (or delete marker) of a key in a versioned bucket, from ListObjectVersions.
public struct S3ObjectVersion: Sendable, Equatable {
    /// The object key.
    public var key: String
    /// `null` on buckets that never had versioning on.
    public var versionId: String
    /// A delete marker (B2: a "hide marker") holds no bytes but hides older versions.
    public var isDeleteMarker: Bool
    /// Whether this is the current version (or marker) of the key.
    public var isLatest: Bool
    /// Bytes stored (0 for delete markers).
    public var size: Int64

    /// A version as listed.
    public init(key: String, versionId: String, isDeleteMarker: Bool, isLatest: Bool, size: Int64) {
        self.key = key
        self.versionId = versionId
        self.isDeleteMarker = isDeleteMarker
        self.isLatest = isLatest
        self.size = size
    }
}

/// One page of ListObjectVersions.
public struct S3VersionListing: Sendable, Equatable {
    /// Versions and delete markers, in key order.
    public var versions: [S3ObjectVersion]
    /// Pass both back to get the next page; nil on the last page.
    public var nextKeyMarker: String?
    /// With `nextKeyMarker`, where the next page starts.
    public var nextVersionIdMarker: String?

    /// A page as listed.
    public init(versions: [S3ObjectVersion], nextKeyMarker: String?, nextVersionIdMarker: String?) {
        self.versions = versions
        self.nextKeyMarker = nextKeyMarker
        self.nextVersionIdMarker = nextVersionIdMarker
    }
}
