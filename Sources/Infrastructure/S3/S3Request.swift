import NIOCore
import NIOHTTP1

/// One S3 call before signing: what to do to which key, with which signed headers and body.
struct S3Request: Sendable {
    /// For messages: "PUT", "GET", "COPY", "LIST", "DELETE", "HEAD", "MULTIPART".
    var operation: String
    var method: HTTPMethod
    /// The object key, or nil for a bucket-level request (list, delete batch).
    var key: String?
    var query: [(name: String, value: String)] = []
    /// Extra headers to sign (Content-Type, x-amz-copy-source, Content-MD5, ...).
    var headers: [(name: String, value: String)] = []
    var body: Body = .none
    var payload: SigV4Payload = .empty
    /// Whether the whole exchange must fit in the request timeout (false for streamed bodies,
    /// which are bounded by the idle read/write timeouts instead).
    var boundedDuration: Bool = true

    enum Body: Sendable {
        case none
        case buffer(ByteBuffer)
        case source(UploadSource, offset: Int64, length: Int64)
    }
}
