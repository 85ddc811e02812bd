import AgentBackupPorts
import AsyncHTTPClient
import Foundation
import NIOCore

extension S3Client {
    /// The store's clock, from the `Date` header of one unsigned request to the bucket (any
    /// answer will do, 403 included: a server dates its refusals too). SigV4 signatures carry
    /// the client's time and are refused when it is more than about 15 minutes off, so `doctor`
    /// compares the two. Nil when the server sends no parsable `Date`. One attempt, no retry:
    /// a network failure is the answer (a transport `StoreError`).
    public func serverDate(timeout: TimeAmount = .seconds(15)) async throws -> Date? {
        var request = HTTPClientRequest(url: endpoint.base + "/" + SigV4Encoding.encodePath(configuration.bucket))
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw errors.transportError(error, operation: "HEAD", key: nil)
        }
        try? await Self.drain(response.body)
        return response.headers.first(name: "Date").flatMap(Self.httpDate)
    }

    /// An HTTP date (RFC 9110 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
