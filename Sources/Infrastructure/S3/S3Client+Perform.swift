import AgentBackupPorts
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Sends `request` once and hands a 2xx response to `handle` (which must consume the body).
    /// The request is signed now, builds a fresh body (a file body starts from its first byte)
    /// and holds one permit of the limiter while in flight. Errors from `handle` that are not
    /// `StoreError`s are treated as transport failures. The client never retries by itself:
    /// `RetryingStore` (or `perform(_:retrier:handle:)`) does.
    func perform<T: Sendable>(
        _ request: S3Request, handle: (HTTPClientResponse) async throws -> T
    ) async throws -> T {
        try await limiter.withPermit {
            let response: HTTPClientResponse
            do {
                let deadline: TimeAmount =
                    request.boundedDuration
                    ? .milliseconds(Int64(configuration.requestTimeout * 1000)) : .hours(24)
                response = try await http.execute(makeHTTPRequest(request), timeout: deadline)
            } catch {
                throw errors.transportError(error, operation: request.operation, key: request.key)
            }
            let status = Int(response.status.code)
            guard (200..<300).contains(status) else {
                let body = (try? await Self.collect(response.body, limit: 64 * 1024)) ?? []
                throw errors.error(
                    status: status, headers: response.headers, body: body,
                    operation: request.operation, key: request.key)
            }
            do {
                return try await handle(response)
            } catch {
                throw errors.transportError(error, operation: request.operation, key: request.key)
            }
        }
    }

    /// `perform(_:handle:)`, retried by `retrier` when one is given (each attempt signed and
    /// sent afresh); `handle` also learns the attempt number (1-based).
    func perform<T: Sendable>(
        _ request: S3Request, retrier: Retrier?, handle: (HTTPClientResponse, _ attempt: Int) async throws -> T
    ) async throws -> T {
        guard let retrier else { return try await perform(request) { try await handle($0, 1) } }
        return try await retrier.run(RetryRequest(operation: request.operation, key: request.key)) { attempt in
            try await perform(request) { try await handle($0, attempt) }
        }
    }

    /// Signs `request` now and builds the AsyncHTTPClient request.
    func makeHTTPRequest(_ request: S3Request) -> HTTPClientRequest {
        var path = "/\(configuration.bucket)"
        if let key = request.key { path += "/\(key)" }
        var signedHeaders: [(name: String, value: String)] = [("host", endpoint.hostHeader)]
        signedHeaders += request.headers
        let signed = signer.sign(
            method: request.method.rawValue, path: path, query: request.query, headers: signedHeaders,
            payload: request.payload, date: Date())
        var http = HTTPClientRequest(url: endpoint.base + signed.pathAndQuery)
        http.method = request.method
        http.headers.add(name: "Host", value: endpoint.hostHeader)
        for (name, value) in signed.headers { http.headers.add(name: name, value: value) }
        http.headers.add(name: "User-Agent", value: configuration.userAgent)
        switch request.body {
        case .none:
            break
        case .buffer(let buffer):
            http.body = .bytes(buffer)
        case .source(let source, let offset, let length):
            http.body = source.body(offset: offset, length: length)
        }
        return http
    }

    /// Reads a whole (small) body; throws `tooLarge`-free: bytes past `limit` are read and dropped
    /// so the connection stays reusable.
    static func collect(_ body: HTTPClientResponse.Body, limit: Int) async throws -> [UInt8] {
        var out = [UInt8]()
        for try await chunk in body where out.count < limit {
            out += chunk.readableBytesView.prefix(limit - out.count)
        }
        return out
    }

    /// Reads and discards a body, so the connection goes back to the pool.
    static func drain(_ body: HTTPClientResponse.Body) async throws {
        for try await _ in body {}
    }

    /// The object path `/<bucket>/<key>` as `x-amz-copy-source` wants it (encoded like the path).
    func copySource(_ key: String) -> String {
        SigV4Encoding.encodePath("/\(configuration.bucket)/\(key)")
    }

    /// The `Content-Length` of a response, when given and valid.
    static func contentLength(_ response: HTTPClientResponse) -> Int64? {
        response.headers.first(name: "Content-Length").flatMap { Int64($0) }
    }

    /// An entity tag without its quotes (see `S3ListingXML.unquote`).
    static func unquote(_ etag: String?) -> String? {
        S3ListingXML.unquote(etag)
    }
}
