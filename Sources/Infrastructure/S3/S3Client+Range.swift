import AgentBackupPorts
import AsyncHTTPClient

extension S3Client {
    /// GetObject with a `Range` header. A 206 answer must start where asked (its
    /// `Content-Range`); a server that ignores the header and answers 200 with the whole object
    /// is sliced, reading no further than the range's end into memory; 416 (the range starts at
    /// or past the end) is an empty answer, as the port says.
    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        guard !range.isEmpty, range.lowerBound >= 0 else { return [] }
        var request = S3Request(operation: "GET", method: .GET, key: key)
        request.headers = [("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")]
        do {
            return try await perform(request) { response in
                if response.status.code == 206 {
                    try Self.checkContentRange(response, start: range.lowerBound, key: key)
                    return try await Self.collectRange(response.body, skipping: 0, count: range.count, key: key)
                }
                return try await Self.collectRange(response.body, skipping: range.lowerBound, count: range.count, key: key)
            }
        } catch let error as StoreError where error.httpStatus == 416 {
            return []
        }
    }

    /// The bytes after the first `skipping`, at most `count` of them; the rest of the body is
    /// read and dropped so the connection stays reusable.
    private static func collectRange(
        _ body: HTTPClientResponse.Body, skipping: Int64, count: Int, key: String
    ) async throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(min(count, 16 << 20))
        var seen: Int64 = 0
        for try await chunk in body {
            let chunkStart = seen
            seen += Int64(chunk.readableBytes)
            guard out.count < count, seen > skipping else { continue }
            let from = Int(max(0, skipping - chunkStart))
            let take = min(chunk.readableBytes - from, count - out.count)
            out += chunk.readableBytesView.dropFirst(from).prefix(take)
        }
        return out
    }

    /// A 206 answer must be the range asked for: `Content-Range: bytes <start>-<end>/<size>`.
    private static func checkContentRange(_ response: HTTPClientResponse, start: Int64, key: String) throws {
        guard let header = response.headers.first(name: "Content-Range") else { return }
        let text = header.drop(while: { $0 != " " }).dropFirst()
        let first = text.prefix(while: { $0 != "-" })
        guard Int64(first) == start else {
            throw StoreError(
                .permanent, operation: "GET", key: key,
                message: "the server answered the range starting at byte \(start) with \(header)",
                hint: "the store does not honour ranged reads correctly; use another endpoint")
        }
    }
}
