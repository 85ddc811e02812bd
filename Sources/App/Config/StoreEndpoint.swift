import Foundation

/// The `endpoint` setting: an S3-compatible server or a local folder.
public enum StoreEndpoint: Sendable, Equatable {
    /// `http(s)://host[:port]`, normalised without a trailing slash.
    case s3(String)
    /// `file:///abs/dir`: the local directory store rooted at this absolute path.
    case directory(String)

    /// Reads an endpoint value; `source` names the key or variable for the error message.
    public init(parsing text: String, source: String) throws(ConfigurationError) {
        let value = text.trimmingWhitespace()
        let fix = "write https://host[:port] for an S3-compatible server or file:///absolute/folder for a local store"
        let lower = value.lowercased()
        if lower.hasPrefix("file://") {
            let path = String(value.dropFirst("file://".count))
            guard path.hasPrefix("/") else {
                throw ConfigurationError(.invalidValue, key: source, message:
                    "\(source) = \"\(text)\" is not an absolute file URL: \(fix) (three slashes: file:///home/me/backups)")
            }
            let decoded = path.removingPercentEncoding ?? path
            var normalized = decoded
            while normalized.count > 1 && normalized.hasSuffix("/") { normalized.removeLast() }
            self = .directory(normalized)
            return
        }
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
              let components = URLComponents(string: value),
              let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil,
              components.query == nil, components.fragment == nil,
              components.path.isEmpty || components.path == "/"
        else {
            throw ConfigurationError(.invalidValue, key: source, message: "\(source) = \"\(text)\" is not a usable endpoint: \(fix), with no path, user or query")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw ConfigurationError(.invalidValue, key: source, message: "\(source) = \"\(text)\" has port \(port), outside 1-65535: \(fix)")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        self = .s3("\(scheme)://\(hostPart)" + (components.port.map { ":\($0)" } ?? ""))
    }
}
