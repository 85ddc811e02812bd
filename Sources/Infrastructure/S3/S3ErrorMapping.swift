import AgentBackupPorts
import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Turns an S3 error answer or a transport failure into one `StoreError` a user can act on:
/// the operation, the key, the HTTP status, the server's code and message, and a hint.
struct S3ErrorMapping: Sendable {
    let endpoint: String
    let bucket: String

    /// Server codes that mean the key pair itself was refused (wrong secret, unknown key id).
    static let credentialCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidToken", "ExpiredToken", "InvalidSecurity",
        "Unauthorized", "unauthorized", "bad_auth_token", "expired_auth_token",
    ]

    /// Statuses worth retrying.
    static let transientStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Codes worth retrying whatever the status (S3 answers a slow body upload with 400 RequestTimeout).
    static let transientCodes: Set<String> = [
        "RequestTimeout", "SlowDown", "InternalError", "ServiceUnavailable",
    ]

    /// The error for a non-2xx answer (or a 200 whose body is an `<Error>`).
    func error(
        status: Int, headers: HTTPHeaders, body: [UInt8], operation: String, key: String?
    ) -> StoreError {
        let parsed = S3XMLElement.parse(body)
        let errorElement = parsed?.name == "Error" ? parsed : nil
        let serverCode = errorElement?.text(of: "Code")
        let serverMessage = errorElement?.text(of: "Message")
        let retryAfter = Self.retryAfter(headers)
        let message = serverMessage.map { $0.isEmpty ? nil : $0 } ?? nil

        if status == 401 || (serverCode.map { Self.credentialCodes.contains($0) } ?? false) {
            return StoreError(
                .credentialsRejected, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: "credentials rejected by \(endpoint): check keyId/applicationKey",
                hint: message.map { "the server said: \($0)" })
        }
        if Self.transientStatuses.contains(status) || (serverCode.map { Self.transientCodes.contains($0) } ?? false) {
            return StoreError(
                .transient, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "the server answered HTTP \(status)", retryAfterSeconds: retryAfter)
        }
        switch status {
        case 403 where serverCode == "RequestTimeTooSkewed":
            return StoreError(
                .permanent, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "the request time is too far from the server's",
                hint: "set this machine's clock right (enable NTP): signatures are valid for 15 minutes")
        case 403:
            return StoreError(
                .accessDenied, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "access denied by \(endpoint)",
                hint: "the key lacks permission for bucket '\(bucket)' (B2: check the key's bucket restriction "
                    + "and capabilities)")
        case 404 where serverCode == "NoSuchBucket":
            return StoreError(
                .notFound, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "bucket '\(bucket)' does not exist",
                hint: "check the bucket name '\(bucket)' and the region/endpoint \(endpoint)")
        case 404:
            return StoreError(
                .notFound, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "not found")
        case 400 where serverCode == "AuthorizationHeaderMalformed":
            return StoreError(
                .permanent, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "the server refused the signature's scope",
                hint: "check the region: requests are signed for the configured region")
        default:
            return StoreError(
                .permanent, operation: operation, key: key, httpStatus: status, serverCode: serverCode,
                message: message ?? "the server answered HTTP \(status)")
        }
    }

    /// The error for a 200 whose body is an `<Error>` (CopyObject, CompleteMultipartUpload): S3
    /// reports failures found after it started answering this way. Unknown codes count as transient.
    func errorInSuccess(response: HTTPClientResponse, body: [UInt8], operation: String, key: String?) -> StoreError {
        let code = S3XMLElement.parse(body)?.text(of: "Code")
        // Judge by the code as if it had come with its usual status.
        let usualStatus: [String: Int] = [
            "AccessDenied": 403, "NoSuchKey": 404, "NoSuchBucket": 404, "NoSuchUpload": 404,
            "SlowDown": 503, "ServiceUnavailable": 503, "InternalError": 500,
        ]
        var error = self.error(
            status: code.flatMap { usualStatus[$0] } ?? Int(response.status.code), headers: response.headers,
            body: body, operation: operation, key: key)
        error.httpStatus = Int(response.status.code)
        if code == nil { error.code = .transient }
        return error
    }

    /// A failure below HTTP (connection refused or reset, timeout) becomes a transient
    /// `StoreError`; cancellation stays cancellation; our own `StoreError`s pass through.
    func transportError(_ error: any Error, operation: String, key: String?) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let http = error as? HTTPClientError {
            if http == .cancelled, Task.isCancelled { return CancellationError() }
            let permanent: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .bodyLengthMismatch,
                .invalidProxyResponse, .traceRequestWithBody,
            ]
            if permanent.contains(http) {
                return StoreError(
                    .permanent, operation: operation, key: key,
                    message: "request to \(endpoint) could not be made: \(http)")
            }
            let what: String
            switch http {
            case .connectTimeout: what = "connecting timed out"
            case .readTimeout, .writeTimeout, .deadlineExceeded: what = "the request timed out"
            case .remoteConnectionClosed: what = "the server closed the connection"
            default: what = "\(http)"
            }
            return StoreError(.transient, operation: operation, key: key, message: "\(what) (\(endpoint))")
        }
        return StoreError(
            .transient, operation: operation, key: key, message: "network error talking to \(endpoint): \(error)")
    }

    /// `Retry-After` in seconds (the delta-seconds form; an HTTP date falls back to the backoff).
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        guard let value = headers.first(name: "Retry-After")?.trimmingSpaces, let seconds = Double(value),
            seconds >= 0, seconds.isFinite
        else { return nil }
        return seconds
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
