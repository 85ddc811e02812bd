import AgentBackupPorts
import AgentBackupVersion
import AsyncHTTPClient

/// Settings for Backblaze B2's S3-compatible API, with the reference engine's conventions:
/// endpoint `https://s3.<region>.backblazeb2.com`, user agent `b2ai-<agent id>-backup …`, and
/// deletes that remove every version (B2 keeps all versions by default, so a plain delete would
/// leave the bytes billed).
public enum B2Connector {
    /// `b2ai-<id>-backup agent-backup/<version>`: the reference engine's user agent first (B2 counts
    /// requests by it), then our product and version.
    public static func userAgent(agentId: String) -> String {
        "b2ai-\(agentId)-backup \(AgentBackupVersion.userAgentProduct)"
    }

    /// `https://s3.<region>.backblazeb2.com`.
    public static func endpoint(region: String) -> String { "https://s3.\(region).backblazeb2.com" }

    /// The configuration for a known region.
    public static func configuration(
        bucket: String, keyId: String, applicationKey: String, region: String, agentId: String,
        partSize: Int64? = nil
    ) -> S3Configuration {
        var c = S3Configuration(
            endpoint: endpoint(region: region), region: region, bucket: bucket, accessKeyId: keyId,
            secretAccessKey: applicationKey, userAgent: userAgent(agentId: agentId), deleteAllVersions: true)
        if let partSize, partSize > 0 {
            c.partSize = partSize
            c.multipartThreshold = partSize
        }
        return c
    }

    /// The configuration, asking `b2_authorize_account` for the region when `region` is nil
    /// (and for the recommended part size either way only then), retried under `retryPolicy`.
    public static func resolveConfiguration(
        bucket: String, keyId: String, applicationKey: String, region: String?, agentId: String,
        authorizer: B2Authorizer? = nil, retryPolicy: RetryPolicy = .standard, httpClient: HTTPClient = .shared
    ) async throws -> S3Configuration {
        if let region, !region.isEmpty {
            return configuration(
                bucket: bucket, keyId: keyId, applicationKey: applicationKey, region: region, agentId: agentId)
        }
        let authorizer = authorizer ?? B2Authorizer(
            userAgent: userAgent(agentId: agentId),
            retrier: Retrier(policy: retryPolicy, storeName: B2Authorizer.defaultBaseURL))
        let auth = try await authorizer.authorize(keyId: keyId, applicationKey: applicationKey, httpClient: httpClient)
        var c = configuration(
            bucket: bucket, keyId: keyId, applicationKey: applicationKey, region: auth.region, agentId: agentId,
            partSize: auth.recommendedPartSize)
        c.endpoint = auth.s3ApiUrl
        return c
    }
}
