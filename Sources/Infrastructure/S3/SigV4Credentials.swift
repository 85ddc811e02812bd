/// The secret half of SigV4: an access key pair (B2: keyId and applicationKey) and, for temporary
/// credentials, a session token. Never printed: `description` hides the secret.
public struct SigV4Credentials: Sendable, Equatable, CustomStringConvertible {
    /// The public half, sent in the credential scope.
    public var accessKeyId: String
    /// The secret half; only ever used to derive signing keys.
    public var secretAccessKey: String
    /// Sent (and signed) as `x-amz-security-token` when present.
    public var sessionToken: String?

    /// A key pair, with a session token for temporary credentials.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Names the key id and hides the secret, so logging a configuration leaks nothing.
    public var description: String { "SigV4Credentials(accessKeyId: \(accessKeyId), secret: <hidden>)" }
}
