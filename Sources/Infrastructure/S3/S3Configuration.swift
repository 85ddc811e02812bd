/// Everything an `S3Client` needs: where the bucket is, who we are, and how hard to push.
///
/// Build one in a line from the test variables:
/// `S3Configuration(endpoint: env["S3_ENDPOINT"]!, region: env["S3_REGION"]!, bucket: env["S3_BUCKET"]!,
///  accessKeyId: env["S3_ACCESS_KEY_ID"]!, secretAccessKey: env["S3_SECRET_ACCESS_KEY"]!)`.
/// For Backblaze B2 use `S3Configuration.backblaze(...)` or `B2Connector`.
public struct S3Configuration: Sendable {
    /// `http(s)://host[:port]`, no path: requests are path-style (`/<bucket>/<key>`).
    public var endpoint: String
    /// The region signed into every request's credential scope (B2: `us-west-004`, ...).
    public var region: String
    /// The bucket every key lives in (path-style: `/<bucket>/<key>`).
    public var bucket: String
    /// The key pair (B2: keyId and applicationKey).
    public var credentials: SigV4Credentials
    /// Sent as `User-Agent` (B2 wants `b2ai-<agent id>-backup`).
    public var userAgent: String
    /// Requests in flight at once across every operation of this client (the connection pool is
    /// sized to match). Shared by a whole run.
    public var maxConcurrentRequests: Int
    /// Seconds without progress (no byte read or written) before a request is abandoned (and,
    /// behind a `RetryingStore`, retried); requests without a streamed body must also complete within it.
    public var requestTimeout: Double
    /// Seconds to establish a connection.
    public var connectTimeout: Double
    /// Bodies larger than this many bytes go as a multipart upload.
    public var multipartThreshold: Int64
    /// Bytes per multipart part (clamped to S3/B2 limits: 5 MiB to 5 GiB, at most 10,000 parts).
    public var partSize: Int64
    /// Parts of one multipart upload sent at once (still within `maxConcurrentRequests`).
    public var multipartConcurrency: Int
    /// Delete every version of a key (ListObjectVersions + versioned DeleteObjects), so storage
    /// is really freed on buckets that keep versions. B2 keeps every version by default: a plain
    /// delete there only hides the object and the bytes stay billed.
    public var deleteAllVersions: Bool
    /// File bodies up to this size are read into memory once (cheaper than streaming small files).
    public var inMemoryUploadLimit: Int

    /// Defaults: 16 requests in flight, 60 s idle timeout, multipart above 100 MiB in 100 MiB
    /// parts (B2's recommendation) 4 at a time, plain deletes. Retries are not the client's job:
    /// wrap it in a `RetryingStore`.
    public init(
        endpoint: String,
        region: String,
        bucket: String,
        accessKeyId: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        userAgent: String = "agent-backup",
        maxConcurrentRequests: Int = 16,
        requestTimeout: Double = 60,
        connectTimeout: Double = 10,
        multipartThreshold: Int64 = 100 * 1024 * 1024,
        partSize: Int64 = 100 * 1024 * 1024,
        multipartConcurrency: Int = 4,
        deleteAllVersions: Bool = false,
        inMemoryUploadLimit: Int = 256 * 1024
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.credentials = SigV4Credentials(
            accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
        self.userAgent = userAgent
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.multipartConcurrency = max(1, multipartConcurrency)
        self.deleteAllVersions = deleteAllVersions
        self.inMemoryUploadLimit = inMemoryUploadLimit
    }
}
