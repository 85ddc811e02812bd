import AgentBackupPorts
import AsyncHTTPClient
import NIOCore

/// The `ObjectStore` for S3-compatible servers (Backblaze B2, AWS, MinIO, SeaweedFS): path-style
/// requests signed with SigV4, sent with AsyncHTTPClient over one reused connection pool.
///
/// Every request is bounded by one `AsyncSemaphore` shared by everything the client does and
/// mapped to `StoreError`. The client makes each request once: wrap it in a `RetryingStore` for
/// retries (it hands its `Retrier` to `put`, so multipart parts are retried one by one).
/// Call `close()` when done: the HTTP client it owns must be shut down.
public final class S3Client: ObjectStore {
    /// The configuration the client was made with.
    public let configuration: S3Configuration
    /// Bounds requests in flight across every operation; share it with other work of the run if wanted.
    public let limiter: AsyncSemaphore
    let http: HTTPClient
    let ownsHTTPClient: Bool
    let signer: SigV4Signer
    let endpoint: S3Endpoint
    let errors: S3ErrorMapping

    /// Makes a client. With `httpClient` nil it creates (and on `close()` shuts down) its own,
    /// with a connection pool of `maxConcurrentRequests` per host; a given client is not shut down.
    /// Throws `StoreError` (`.permanent`, operation `CONFIGURE`) for a malformed endpoint.
    public init(configuration: S3Configuration, httpClient: HTTPClient? = nil, limiter: AsyncSemaphore? = nil) throws {
        self.configuration = configuration
        self.endpoint = try S3Endpoint(configuration.endpoint)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        self.limiter = limiter ?? AsyncSemaphore(limit: configuration.maxConcurrentRequests)
        self.errors = S3ErrorMapping(endpoint: endpoint.base, bucket: configuration.bucket)
        if let httpClient {
            self.http = httpClient
            self.ownsHTTPClient = false
        } else {
            self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: Self.httpConfiguration(configuration))
            self.ownsHTTPClient = true
        }
    }

    /// Shuts down the HTTP client if this client made it. Call once, after the last request.
    public func close() async throws {
        if ownsHTTPClient { try await http.shutdown() }
    }

    /// `s3://bucket (endpoint)`.
    public var displayName: String { "s3://\(configuration.bucket) (\(endpoint.base))" }

    /// The AsyncHTTPClient settings: HTTP/1.1 (B2 has no HTTP/2), no redirects, no decompression,
    /// idle timeouts for reads and writes, a pool as wide as the request limit.
    static func httpConfiguration(_ c: S3Configuration) -> HTTPClient.Configuration {
        var config = HTTPClient.Configuration()
        config.httpVersion = .http1Only
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        config.timeout = .init(
            connect: .milliseconds(Int64(c.connectTimeout * 1000)),
            read: .milliseconds(Int64(c.requestTimeout * 1000)),
            write: .milliseconds(Int64(c.requestTimeout * 1000)))
        config.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: c.maxConcurrentRequests)
        return config
    }
}
