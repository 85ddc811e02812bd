/// Which object store a run talks to, decided from the configuration alone (no I/O), so the choice
/// is testable and the runner only has to build what this names.
public enum StoreSelection: Sendable, Equatable {
    /// Backblaze B2 through its S3 API. With no `region`, the region is discovered with
    /// `b2_authorize_account` before the first request.
    case b2(bucket: String, region: String?, credentials: StoreCredentials)
    /// Any S3-compatible endpoint (`endpoint` / `B2_ENDPOINT`), path-style, no region discovery.
    case s3(endpoint: String, bucket: String, region: String, credentials: StoreCredentials)
    /// Objects as files under `directory/<bucket>/`. `isDefault` is true when nothing was configured
    /// at all: every run then warns that the backup is not off-site.
    case localDirectory(directory: String, bucket: String, isDefault: Bool)

    /// The bucket name, part of the single-instance lock's identity.
    public var bucket: String {
        switch self {
        case .b2(let bucket, _, _), .s3(_, let bucket, _, _), .localDirectory(_, let bucket, _): return bucket
        }
    }

    /// A short human description for logs: never contains a secret.
    public var summary: String {
        switch self {
        case .b2(let bucket, let region, _):
            return "Backblaze B2 bucket \(bucket)" + (region.map { " (region \($0))" } ?? "")
        case .s3(let endpoint, let bucket, let region, _):
            return "S3 bucket \(bucket) at \(endpoint) (region \(region))"
        case .localDirectory(let directory, let bucket, _):
            return "local folder \(directory)/\(bucket)"
        }
    }
}

/// An access key pair. `description` never shows the secret, so logging a configuration is safe.
public struct StoreCredentials: Sendable, Equatable, CustomStringConvertible {
    public var keyId: String
    public var applicationKey: String

    public init(keyId: String, applicationKey: String) {
        self.keyId = keyId
        self.applicationKey = applicationKey
    }

    public var description: String { "keyId \(keyId), applicationKey <redacted>" }
}
