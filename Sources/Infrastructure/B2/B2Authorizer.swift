import AgentBackupPorts
import AsyncHTTPClient
import NIOHTTP1
import Foundation
import NIOCore

/// Calls Backblaze's `b2_authorize_account` (v3, HTTP Basic `keyId:applicationKey`) to learn the
/// S3 endpoint and region of a key when none is configured. The base URL is injectable so tests
/// point it at a local server.
public struct B2Authorizer: Sendable {
    /// Backblaze's API host.
    public static let defaultBaseURL = "https://api.backblazeb2.com"

    /// `https://api.backblazeb2.com`, or a local test server.
    public var baseURL: String
    /// `b2ai-<agent id>-backup`, as the reference engine sends.
    public var userAgent: String
    /// Retries 408/429/5xx and network failures for its budget (never a refused key).
    public var retrier: Retrier
    /// Seconds for the whole call.
    public var timeout: Double

    /// An authorizer for `baseURL` (Backblaze's by default); `retrier` nil retries with the
    /// standard policy on the system clock.
    public init(
        baseURL: String = B2Authorizer.defaultBaseURL, userAgent: String = "agent-backup",
        retrier: Retrier? = nil, timeout: Double = 30
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.userAgent = userAgent
        self.retrier = retrier ?? Retrier(storeName: self.baseURL)
        self.timeout = timeout
    }

    /// Authorizes the key. A refused key (401) is one `credentialsRejected` error, not retried;
    /// 408/429/5xx and network failures are retried; a body we cannot read is `permanent`.
    /// Tries the v2 URL when the v3 one does not exist (404).
    public func authorize(
        keyId: String, applicationKey: String, httpClient: HTTPClient = .shared
    ) async throws -> B2Authorization {
        do {
            return try await call(version: "v3", keyId: keyId, applicationKey: applicationKey, httpClient: httpClient)
        } catch let error as StoreError where error.code == .notFound {
            return try await call(version: "v2", keyId: keyId, applicationKey: applicationKey, httpClient: httpClient)
        }
    }

    private func call(
        version: String, keyId: String, applicationKey: String, httpClient: HTTPClient
    ) async throws -> B2Authorization {
        let url = "\(baseURL)/b2api/\(version)/b2_authorize_account"
        let errors = S3ErrorMapping(endpoint: baseURL, bucket: "")
        return try await retrier.run(RetryRequest(operation: "AUTHORIZE", key: nil)) { _ in
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            let basic = Data("\(keyId):\(applicationKey)".utf8).base64EncodedString()
            request.headers.add(name: "Authorization", value: "Basic \(basic)")
            request.headers.add(name: "User-Agent", value: userAgent)
            let response: HTTPClientResponse
            let body: [UInt8]
            do {
                response = try await httpClient.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
                body = try await S3Client.collect(response.body, limit: 1024 * 1024)
            } catch {
                throw errors.transportError(error, operation: "AUTHORIZE", key: nil)
            }
            let status = Int(response.status.code)
            guard status == 200 else { throw Self.error(status: status, headers: response.headers, body: body, baseURL: baseURL) }
            return try B2Authorization.parse(body)
        }
    }

    /// B2's native API answers errors as JSON `{"status", "code", "message"}`.
    static func error(status: Int, headers: HTTPHeaders, body: [UInt8], baseURL: String) -> StoreError {
        struct B2Error: Decodable {
            var code: String?
            var message: String?
        }
        let parsed = try? JSONDecoder().decode(B2Error.self, from: Data(body))
        let message = parsed?.message.flatMap { $0.isEmpty ? nil : $0 }
        switch status {
        case 401:
            return StoreError(
                .credentialsRejected, operation: "AUTHORIZE", httpStatus: status, serverCode: parsed?.code,
                message: "credentials rejected by \(baseURL): check keyId/applicationKey",
                hint: message.map { "the server said: \($0)" })
        case 403:
            return StoreError(
                .accessDenied, operation: "AUTHORIZE", httpStatus: status, serverCode: parsed?.code,
                message: message ?? "the key may not be used", hint: "check the key's capabilities and expiry")
        case 404:
            return StoreError(
                .notFound, operation: "AUTHORIZE", httpStatus: status, serverCode: parsed?.code,
                message: message ?? "\(baseURL) has no b2_authorize_account")
        case 408, 429, 500, 502, 503, 504:
            return StoreError(
                .transient, operation: "AUTHORIZE", httpStatus: status, serverCode: parsed?.code,
                message: message ?? "the server answered HTTP \(status)",
                retryAfterSeconds: S3ErrorMapping.retryAfter(headers))
        default:
            return StoreError(
                .permanent, operation: "AUTHORIZE", httpStatus: status, serverCode: parsed?.code,
                message: message ?? "the server answered HTTP \(status)")
        }
    }
}
