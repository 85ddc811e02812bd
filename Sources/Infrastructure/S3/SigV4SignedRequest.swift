/// Everything a signature produced: what to send and, for tests and debugging, the intermediate
/// texts AWS publishes in its test suite.
public struct SigV4SignedRequest: Sendable {
    /// The path to put on the wire (each segment percent-encoded once).
    public var encodedPath: String
    /// The query to put on the wire (also the canonical query string); empty when none.
    public var encodedQuery: String
    /// The canonical request that was hashed (AWS's `*-canonical-request.txt`).
    public var canonicalRequest: String
    /// The string that was signed (AWS's `*-string-to-sign.txt`).
    public var stringToSign: String
    /// Lower-case hex signature.
    public var signature: String
    /// `<yyyymmdd>/<region>/<service>/aws4_request`.
    public var credentialScope: String
    /// The `Authorization` header value.
    public var authorization: String
    /// Headers to add to the request: `x-amz-date`, `x-amz-content-sha256`, the session token,
    /// `Authorization`, and the caller's signed headers except `host` (the HTTP client sets Host;
    /// the caller must make it equal to the signed value).
    public var headers: [(name: String, value: String)]

    /// `encodedPath` plus `?encodedQuery` when there is a query.
    public var pathAndQuery: String {
        encodedQuery.isEmpty ? encodedPath : "\(encodedPath)?\(encodedQuery)"
    }
}
