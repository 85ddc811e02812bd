import AgentBackupDomain

/// What a store knows about one object.
public struct ObjectInfo: Sendable, Equatable {
    public var key: String
    public var size: Int64
    /// The entity tag without quotes, when the store gives one.
    public var etag: String?

    public init(key: String, size: Int64, etag: String? = nil) {
        self.key = key
        self.size = size
        self.etag = etag
    }
}

/// One page of a listing. With a delimiter, keys that contain it after the prefix are rolled up
/// into `commonPrefixes` (each ending with the delimiter), so a folder costs one entry whatever it holds.
public struct ObjectListing: Sendable, Equatable {
    public var objects: [ObjectInfo]
    public var commonPrefixes: [String]
    /// Pass back as `continuationToken` to get the next page; nil on the last page.
    public var nextContinuationToken: String?

    public init(objects: [ObjectInfo] = [], commonPrefixes: [String] = [], nextContinuationToken: String? = nil) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.nextContinuationToken = nextContinuationToken
    }
}

/// The bytes of an upload. Bodies always have a known length: S3 and B2 refuse uploads without
/// Content-Length, and a file body lets the store stream (and go multipart) without holding it in memory.
public enum ObjectBody: Sendable, Equatable {
    case bytes([UInt8])
    /// A whole regular file, read while uploading.
    case file(path: String)

    /// A short description for error messages.
    public var summary: String {
        switch self {
        case .bytes(let b): return "\(b.count) bytes in memory"
        case .file(let path): return "file \(path)"
        }
    }
}

/// The storage port: a flat key space of immutable objects (S3, B2, a local folder, memory).
///
/// Keys are the bucket's keys verbatim (`<prefix>/<snapshot>/<label>/<path>`); implementations map
/// them to their own addressing. Every method throws `StoreError`; a missing object is
/// `StoreError.Code.notFound`, never a silent empty result.
public protocol ObjectStore: Sendable {
    /// A human name for messages, e.g. `s3://bucket (https://s3.us-west-004.backblazeb2.com)`.
    var displayName: String { get }

    /// Creates or replaces `key`. Large file bodies may be sent as a multipart upload; a failed
    /// multipart upload is aborted so no parts are left billed.
    func put(key: String, body: ObjectBody, contentType: String) async throws

    /// Streams the object into `path` (created or truncated), never holding it in memory.
    /// Returns the number of bytes written.
    @discardableResult
    func get(key: String, toFile path: String) async throws -> Int64

    /// Reads a small object (a manifest) into memory. Refuses objects larger than `maxBytes`
    /// with `StoreError.Code.tooLarge` instead of allocating for a hostile size.
    func get(key: String, maxBytes: Int) async throws -> [UInt8]

    /// Reads the bytes at offsets `range` of the object into memory (a ranged GET: the packed
    /// layout reads blobs out of pack files). Returns the part of the range the object holds:
    /// fewer bytes when the object ends inside the range, none when it ends before it (callers
    /// compare the count with what they asked for). An empty range returns nothing without a
    /// request. The caller bounds `range.count`; a missing object is `.notFound`.
    func get(key: String, range: Range<Int64>) async throws -> [UInt8]

    /// Server-side copy: no bytes pass through the client.
    func copy(from sourceKey: String, to destinationKey: String) async throws

    /// One page of keys under `prefix`, in ascending key order (UTF-8 byte order).
    func list(
        prefix: String,
        delimiter: String?,
        continuationToken: String?,
        startAfter: String?,
        maxKeys: Int?
    ) async throws -> ObjectListing

    /// Deletes the keys (missing keys are not an error). Stores that keep versions delete every
    /// version so the storage is really freed.
    func delete(keys: [String]) async throws

    /// Size and etag of `key`, or nil when it does not exist.
    func head(key: String) async throws -> ObjectInfo?
}

extension ObjectStore {
    /// Every key under `prefix` (all pages). Use with a delimiter for folder-level listings.
    public func listAll(prefix: String, delimiter: String? = nil) async throws -> ObjectListing {
        var result = ObjectListing()
        var token: String? = nil
        repeat {
            let page = try await list(
                prefix: prefix, delimiter: delimiter, continuationToken: token, startAfter: nil, maxKeys: nil)
            result.objects += page.objects
            result.commonPrefixes += page.commonPrefixes
            token = page.nextContinuationToken
        } while token != nil
        return result
    }

    /// Whether `key` exists.
    public func exists(key: String) async throws -> Bool {
        try await head(key: key) != nil
    }
}
