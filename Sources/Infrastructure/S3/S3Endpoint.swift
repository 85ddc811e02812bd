import AgentBackupPorts
import Foundation

/// A parsed `http(s)://host[:port]` endpoint and the `Host` header that goes with it (signed, so
/// it must equal what the HTTP client sends).
struct S3Endpoint: Sendable, CustomStringConvertible {
    let scheme: String
    let host: String
    let port: Int?
    /// `host` or `host:port` for a non-default port.
    let hostHeader: String
    /// `scheme://hostHeader`, to which the encoded path and query are appended.
    let base: String

    init(_ string: String) throws {
        let trimmed = string.hasSuffix("/") ? String(string.dropLast()) : string
        guard let components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw StoreError(
                .permanent, operation: "CONFIGURE", message: "invalid S3 endpoint '\(string)'",
                hint: "use http(s)://host[:port], e.g. https://s3.us-west-004.backblazeb2.com")
        }
        guard components.path.isEmpty, components.query == nil else {
            throw StoreError(
                .permanent, operation: "CONFIGURE", message: "S3 endpoint '\(string)' has a path or query",
                hint: "give only http(s)://host[:port]; the bucket is configured separately (path-style)")
        }
        self.scheme = scheme
        self.host = host
        self.port = components.port
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        if let port = components.port, port != defaultPort {
            hostHeader = "\(hostPart):\(port)"
        } else {
            hostHeader = hostPart
        }
        base = "\(scheme)://\(hostHeader)"
    }

    var description: String { base }
}
