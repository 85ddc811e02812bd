import Foundation

/// A request as `FaultProxy` saw it: enough of the head to decide a fault. The bytes themselves
/// are forwarded untouched.
public struct FaultProxyRequest: Sendable, Equatable {
    /// `GET`, `PUT`, ...
    public var method: String
    /// The request target as sent (path and query, still percent-encoded).
    public var target: String
    /// Header fields in order, names as sent.
    public var headers: [HeaderField]

    /// A header field.
    public struct HeaderField: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// The path part of `target`.
    public var path: String { String(target.prefix { $0 != "?" }) }

    /// The query part of `target` (after `?`), or nil.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// How the body that follows the head is delimited.
    var framing: FaultProxyFraming {
        if let coding = header("Transfer-Encoding"), coding.lowercased().contains("chunked") { return .chunked }
        if let length = header("Content-Length").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) {
            return length > 0 ? .length(length) : .none
        }
        return .none
    }

    /// True when the client asked to close the connection after this exchange.
    var closesConnection: Bool {
        header("Connection")?.lowercased().contains("close") ?? false
    }

    /// Parses a request head (request line, fields, the blank line).
    static func parse(_ bytes: [UInt8]) throws -> FaultProxyRequest {
        let lines = FaultProxyHeadLines(bytes)
        let parts = lines.first.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            throw FaultProxyError(message: "not an HTTP/1.x request line: \(lines.first.prefix(200))")
        }
        return FaultProxyRequest(method: String(parts[0]), target: String(parts[1]), headers: lines.fields)
    }
}

/// A response head from the server, parsed to find where its body ends.
struct FaultProxyResponseHead {
    var status: Int
    var version: String
    var headers: [FaultProxyRequest.HeaderField]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304; then chunked, then Content-Length, else
    /// the body runs until the server closes.
    func framing(requestMethod: String) -> FaultProxyFraming {
        if requestMethod == "HEAD" || (100..<200).contains(status) || status == 204 || status == 304 { return .none }
        if let coding = header("Transfer-Encoding"), coding.lowercased().contains("chunked") { return .chunked }
        if let length = header("Content-Length").flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) {
            return length > 0 ? .length(length) : .none
        }
        return .untilClose
    }

    /// True when the connection must close after this response.
    func closesConnection(requestMethod: String) -> Bool {
        if case .untilClose = framing(requestMethod: requestMethod) { return true }
        let connection = header("Connection")?.lowercased()
        if version == "HTTP/1.0" { return !(connection?.contains("keep-alive") ?? false) }
        return connection?.contains("close") ?? false
    }

    static func parse(_ bytes: [UInt8]) throws -> FaultProxyResponseHead {
        let lines = FaultProxyHeadLines(bytes)
        let parts = lines.first.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw FaultProxyError(message: "not an HTTP/1.x status line: \(lines.first.prefix(200))")
        }
        return FaultProxyResponseHead(status: status, version: String(parts[0]), headers: lines.fields)
    }
}

/// How a message body is delimited on the wire.
enum FaultProxyFraming: Equatable {
    case none
    case length(Int64)
    case chunked
    case untilClose
}

/// The start line and header fields of a head (bytes up to and including CRLF CRLF).
struct FaultProxyHeadLines {
    var first: String
    var fields: [FaultProxyRequest.HeaderField]

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        first = lines.first ?? ""
        fields = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return FaultProxyRequest.HeaderField(
                name: String(line[..<colon]),
                value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }
}

/// The proxy met something it cannot handle (malformed HTTP, a head too large).
public struct FaultProxyError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
