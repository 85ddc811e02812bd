/// A failure of an `ObjectStore` operation, carrying what a user needs to act:
/// the operation, the key, the server's status, code and message, and a hint.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// The object (or bucket) does not exist.
        case notFound
        /// The credentials were refused (bad key id or secret, signature mismatch).
        case credentialsRejected
        /// The credentials are valid but lack permission.
        case accessDenied
        /// A small-object read found an object larger than allowed.
        case tooLarge
        /// Worth retrying: 408/429/5xx, connection reset, timeout.
        case transient
        /// Any other refusal; retrying will not help.
        case permanent
        /// Local I/O around the transfer failed (reading the body file, writing the download).
        case localIO
    }

    public var code: Code
    /// e.g. "PUT", "GET", "COPY", "LIST", "DELETE", "HEAD".
    public var operation: String
    public var key: String?
    public var httpStatus: Int?
    /// The server's error code, e.g. "SignatureDoesNotMatch".
    public var serverCode: String?
    public var message: String
    /// What the user can do about it, when we know.
    public var hint: String?
    /// Seconds the server asked us to wait (Retry-After), for the retry policy.
    public var retryAfterSeconds: Double?

    public init(
        _ code: Code, operation: String, key: String? = nil, httpStatus: Int? = nil,
        serverCode: String? = nil, message: String, hint: String? = nil, retryAfterSeconds: Double? = nil
    ) {
        self.code = code
        self.operation = operation
        self.key = key
        self.httpStatus = httpStatus
        self.serverCode = serverCode
        self.message = message
        self.hint = hint
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var isTransient: Bool { code == .transient }

    public var description: String {
        var s = "\(operation)"
        if let key { s += " \(key)" }
        s += " failed"
        if let httpStatus { s += " (HTTP \(httpStatus)\(serverCode.map { " \($0)" } ?? ""))" }
        else if let serverCode { s += " (\(serverCode))" }
        s += ": \(message)"
        if let hint { s += ". \(hint)" }
        return s
    }
}
