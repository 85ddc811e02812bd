/// The secret half of SigV4: an access key pair (B2: keyId and applicationKey) and, for temporary
/// credentials, a session token. Never printed: `description` hides the secret.
public struct SigV4Credentials: Sendable, Equatable, CustomStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Sent (and signed) as `x-amz-security-token` when present.
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    public var description: String { "SigV4Credentials(accessKeyId: \(accessKeyId), secret: <hidden>)" }
}
