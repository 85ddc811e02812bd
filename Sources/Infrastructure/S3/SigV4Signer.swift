import Foundation

/// AWS Signature Version 4 for S3 and B2, as a plain value with no networking (like soto-core's
/// `SotoSignerV4`), so it can be checked against AWS's published test suite byte for byte.
///
/// The caller passes the *unencoded* path (`/bucket/key with spaces`) and query; the signer
/// encodes them (`SigV4Encoding`) and returns the encoded forms the request must be sent with, so
/// what is signed is exactly what goes on the wire. Copies share one signing-key cache.
public struct SigV4Signer: Sendable {
    /// The key pair that signs.
    public var credentials: SigV4Credentials
    /// The region in the credential scope (`us-west-004` for B2). Real S3 and B2 refuse a
    /// signature whose scope names another region; SeaweedFS does not check it.
    public var region: String
    /// `s3` for S3 and B2; the AWS suite uses `service`.
    public var service: String
    private let keyCache = SigningKeyCache()

    /// A signer for one key pair, region and service.
    public init(credentials: SigV4Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs one request.
    ///
    /// - Parameters:
    ///   - path: the unencoded path, starting with `/`.
    ///   - query: unencoded query items (order does not matter).
    ///   - headers: the headers to sign, including `host` exactly as it will be sent. Repeated names
    ///     are joined with `,` in order. Unsigned headers (User-Agent, Content-Length) are not passed.
    ///   - payload: how the body is vouched for.
    ///   - date: the signing time (`x-amz-date`).
    ///   - includeContentHashHeader: add `x-amz-content-sha256` (S3 requires it; the generic AWS
    ///     suite cases do not send it).
    public func sign(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payload: SigV4Payload,
        date: Date,
        includeContentHashHeader: Bool = true
    ) -> SigV4SignedRequest {
        let stamp = SigV4Timestamp(date)
        let payloadHash = payload.hash
        var allHeaders = headers
        allHeaders.append(("x-amz-date", stamp.dateTime))
        if includeContentHashHeader { allHeaders.append(("x-amz-content-sha256", payloadHash)) }
        if let token = credentials.sessionToken { allHeaders.append(("x-amz-security-token", token)) }

        let encodedPath = SigV4Encoding.encodePath(path)
        let encodedQuery = SigV4Encoding.canonicalQuery(query)
        let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(allHeaders)
        let canonicalRequest = [
            method, encodedPath, encodedQuery, canonicalHeaders, signedHeaders, payloadHash,
        ].joined(separator: "\n")

        let scope = "\(stamp.date)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", stamp.dateTime, scope,
            SHA256Digest.hex(canonicalRequest),
        ].joined(separator: "\n")

        let key = signingKey(date: stamp.date)
        let signature = Hex.encode(HMACSHA256.authenticationCode(key: key, message: stringToSign))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"

        var headersToSend = allHeaders.filter { $0.name.lowercased() != "host" }.map { ($0.name, $0.value) }
        headersToSend.append(("Authorization", authorization))
        return SigV4SignedRequest(
            encodedPath: encodedPath, encodedQuery: encodedQuery, canonicalRequest: canonicalRequest,
            stringToSign: stringToSign, signature: signature, credentialScope: scope,
            authorization: authorization, headers: headersToSend)
    }

    /// Canonical header block (`name:value\n` per name, sorted) and the signed-header list.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            merged[name.lowercased(), default: []].append(canonicalValue(value))
        }
        let names = merged.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Trims a header value and collapses inner runs of whitespace (including folded lines) to one space.
    static func canonicalValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }

    /// `HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, cached
    /// per (date, region, service) since it changes once a day.
    func signingKey(date: String) -> [UInt8] {
        let id = "\(date)/\(region)/\(service)/\(credentials.secretAccessKey)"
        if let key = keyCache.key(for: id) { return key }
        var key = HMACSHA256.authenticationCode(
            key: Array("AWS4\(credentials.secretAccessKey)".utf8), message: Array(date.utf8))
        for part in [region, service, "aws4_request"] {
            key = HMACSHA256.authenticationCode(key: key, message: Array(part.utf8))
        }
        keyCache.store(key, for: id)
        return key
    }
}

/// The signing key of the last (date, region, service), shared by copies of a signer.
final class SigningKeyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entry: (id: String, key: [UInt8])?

    func key(for id: String) -> [UInt8]? {
        lock.withLock { entry?.id == id ? entry?.key : nil }
    }

    func store(_ key: [UInt8], for id: String) {
        lock.withLock { entry = (id, key) }
    }
}
