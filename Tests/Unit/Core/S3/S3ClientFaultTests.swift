import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The S3 client against a local HTTP server that misbehaves on purpose.
@Suite("S3 client against a faulty HTTP server")
struct S3ClientFaultTests {
    /// A client for `server` (it makes each request once).
    private func client(_ server: TestHTTPServer, configure: (inout S3Configuration) -> Void = { _ in }) throws -> S3Client {
        var c = S3Configuration(
            endpoint: server.baseURL, region: "us-east-1", bucket: "bucket", accessKeyId: "AKTEST", secretAccessKey: "secret")
        configure(&c)
        return try S3Client(configuration: c)
    }

    /// `s3` behind the retry layer, on the recorder's fake clock (waits recorded, not slept).
    private func retrying(_ s3: S3Client, _ recorder: RetryRecorder) -> RetryingStore {
        RetryingStore(s3, retrier: recorder.retrier)
    }

    /// Answers the scripted replies in turn, then `last` forever.
    private final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var replies: [TestHTTPReply]
        private let last: TestHTTPReply
        init(_ replies: [TestHTTPReply], then last: TestHTTPReply) {
            self.replies = replies
            self.last = last
        }
        func next() -> TestHTTPReply {
            lock.withLock { replies.isEmpty ? last : replies.removeFirst() }
        }
    }

    private static let slowDown = Array(
        "<Error><Code>ServiceUnavailable</Code><Message>no tomes available</Message></Error>".utf8)

    @Test func getSurvives503With500AndAResetMidBody() async throws {
        let payload = Array((0..<100_000).map { UInt8($0 % 251) })
        let script = Script(
            [
                .respond(status: 503, headers: [("Retry-After", "3")], body: Self.slowDown),
                .text(500, "<Error><Code>InternalError</Code><Message>boom</Message></Error>"),
                .resetMidBody(status: 200, declaredLength: payload.count, partialBody: Array(payload.prefix(40_000))),
            ], then: .respond(status: 200, body: payload))
        let server = try await TestHTTPServer.start { _ in script.next() }
        let recorder = RetryRecorder()
        let s3 = try client(server)
        let bytes = try await retrying(s3, recorder).get(key: "dir/obj", maxBytes: 1 << 20)
        try await s3.close()
        await server.shutdown()

        #expect(bytes == payload)
        #expect(server.requests.count == 4)
        #expect(server.requests.allSatisfy { $0.method == "GET" && $0.path == "/bucket/dir/obj" })
        #expect(recorder.waits == [3, 2, 4])  // Retry-After honoured, then the 2 s and 4 s ceilings
    }

    @Test func downloadToFileStartsOverAfterAReset() async throws {
        let payload = Array((0..<300_000).map { UInt8($0 % 253) })
        let script = Script(
            [.resetMidBody(status: 200, declaredLength: payload.count, partialBody: Array(payload.prefix(100_000)))],
            then: .respond(status: 200, body: payload))
        let server = try await TestHTTPServer.start { _ in script.next() }
        let s3 = try client(server)
        let path = NSTemporaryDirectory() + "s3-fault-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try await retrying(s3, RetryRecorder()).get(key: "k", toFile: path)
        try await s3.close()
        await server.shutdown()

        #expect(written == Int64(payload.count))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == payload)
        #expect(server.requests.count == 2)
    }

    @Test func aStreamedFileBodyIsResentFromTheStart() async throws {
        let payload = Array((0..<1_500_000).map { UInt8($0 % 249) })
        let path = NSTemporaryDirectory() + "s3-put-\(UUID().uuidString)"
        try Data(payload).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = Script(
            [.respond(status: 503, headers: [("Retry-After", "1")], body: Self.slowDown)], then: .respond(status: 200))
        let server = try await TestHTTPServer.start { _ in script.next() }
        let s3 = try client(server) { $0.inMemoryUploadLimit = 0 }
        try await retrying(s3, RetryRecorder()).put(key: "a b/c+d", body: .file(path: path), contentType: "application/octet-stream")
        try await s3.close()
        await server.shutdown()

        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.map(\.body) == [payload, payload])
        #expect(requests.allSatisfy { $0.uri == "/bucket/a%20b/c%2Bd" })
        #expect(requests[1].header("Content-Length") == "1500000")
        #expect(requests[1].header("x-amz-content-sha256") == "UNSIGNED-PAYLOAD")
        #expect(requests[1].header("Content-Type") == "application/octet-stream")
    }

    /// Bytes in memory go up in 512 KiB buffers made as the body is sent (a pack is never copied
    /// whole): every attempt sends every byte, in order, from the first.
    @Test func aBodyFromMemoryIsSentInPiecesAndResentFromTheStart() async throws {
        let payload = Array((0..<1_300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
        let script = Script([.respond(status: 503, body: Self.slowDown)], then: .respond(status: 200))
        let server = try await TestHTTPServer.start { _ in script.next() }
        let s3 = try client(server)
        try await retrying(s3, RetryRecorder()).put(key: "pack", body: .bytes(payload), contentType: "application/octet-stream")
        try await s3.close()
        await server.shutdown()

        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.map(\.body) == [payload, payload])
        #expect(requests[1].header("Content-Length") == "1300000", "a known length, not chunked encoding")
    }

    @Test func a403IsNotRetriedAndSaysCredentialsRejected() async throws {
        let server = try await TestHTTPServer.start { _ in
            .text(
                403,
                "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>"
            )
        }
        let recorder = RetryRecorder()
        let s3 = try client(server)
        let error = await #expect(throws: StoreError.self) {
            try await retrying(s3, recorder).put(key: "k", body: .bytes([1]), contentType: "application/octet-stream")
        }
        try await s3.close()
        await server.shutdown()

        #expect(server.requests.count == 1)
        #expect(recorder.waits.isEmpty)
        #expect(error?.code == .credentialsRejected)
        #expect(error?.message == "credentials rejected by \(server.baseURL): check keyId/applicationKey")
    }

    @Test func aServerThatStaysDownIsRetriedForTheBudget() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 503, body: Self.slowDown) }
        let s3 = try client(server)
        // 10 s of budget on the fake clock: attempts at 0, 1, 3, 7 and 10 s.
        let recorder = RetryRecorder(policy: RetryPolicy(budget: 10))
        let error = await #expect(throws: StoreError.self) { try await retrying(s3, recorder).head(key: "k") }
        try await s3.close()
        await server.shutdown()
        #expect(server.requests.count == 5)
        #expect(recorder.waits == [1, 2, 4, 3])
        #expect(error?.code == .transient)
        #expect(error?.httpStatus == 503)
        // Nothing answered during the whole budget: the store is down for everyone, and says so.
        #expect(error?.message.contains("memory://test has failed every request for 10s") == true, "\(String(describing: error))")
    }

    @Test func theClientAloneMakesEachRequestOnce() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 503, body: Self.slowDown) }
        let s3 = try client(server)
        let error = await #expect(throws: StoreError.self) { try await s3.head(key: "k") }
        try await s3.close()
        await server.shutdown()
        #expect(server.requests.count == 1)
        #expect(error?.code == .transient)
    }

    @Test func aSilentServerTimesOutAndIsRetried() async throws {
        let server = try await TestHTTPServer.start { _ in .noReply }
        let s3 = try client(server) { $0.requestTimeout = 0.3 }
        // The fake clock moves only with the waits: one retry after 1 s ends a 1 s budget.
        let recorder = RetryRecorder(policy: RetryPolicy(budget: 1))
        let started = Date()
        let error = await #expect(throws: StoreError.self) {
            try await retrying(s3, recorder).list(prefix: "", delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: 1)
        }
        try await s3.close()
        await server.shutdown()
        #expect(error?.code == .transient)
        #expect(error?.message.contains("timed out") == true)
        #expect(server.requests.count == 2)
        #expect(Date().timeIntervalSince(started) < 60, "a hang, not two 0.3 s timeouts")
    }

    @Test func headMissingIsNilAndListQueryIsEncoded() async throws {
        let server = try await TestHTTPServer.start { request in
            if request.method == "HEAD" { return .respond(status: 404) }
            return .text(200, "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>")
        }
        let s3 = try client(server)
        #expect(try await s3.head(key: "nope") == nil)
        let page = try await s3.list(
            prefix: "p/ q", delimiter: "/", continuationToken: "p/a+b&c", startAfter: nil, maxKeys: 5000)
        try await s3.close()
        await server.shutdown()
        #expect(page == ObjectListing())
        #expect(
            server.requests.last?.uri
                == "/bucket?continuation-token=p%2Fa%2Bb%26c&delimiter=%2F&list-type=2&max-keys=1000&prefix=p%2F%20q")
    }

    @Test func copyAnswered200WithAnErrorBodyFails() async throws {
        let server = try await TestHTTPServer.start { _ in
            .text(200, "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>copy refused</Message></Error>")
        }
        let s3 = try client(server)
        let error = await #expect(throws: StoreError.self) { try await s3.copy(from: "a/é x", to: "b/y") }
        try await s3.close()
        await server.shutdown()
        #expect(error?.code == .accessDenied)
        #expect(error?.message == "copy refused")
        #expect(server.requests.first?.header("x-amz-copy-source") == "/bucket/a/%C3%A9%20x")
        #expect(server.requests.first?.header("Content-Length") == "0")
    }

    @Test func deleteBatchesCarryContentMD5AndReportPerKeyErrors() async throws {
        let server = try await TestHTTPServer.start { _ in
            .text(
                200,
                "<DeleteResult><Error><Key>k7</Key><Code>AccessDenied</Code><Message>locked</Message></Error>"
                    + "<Error><Key>k9</Key><Code>NoSuchKey</Code><Message>gone</Message></Error></DeleteResult>")
        }
        let s3 = try client(server)
        let keys = (0..<2500).map { "k\($0)" }
        let error = await #expect(throws: StoreError.self) { try await s3.delete(keys: keys) }
        try await s3.close()
        await server.shutdown()
        #expect(error?.code == .accessDenied)
        #expect(error?.key == "k7")
        #expect(error?.serverCode == "AccessDenied")
        // The first batch failed, so the rest was not sent.
        let first = try #require(server.requests.first)
        #expect(first.uri == "/bucket?delete=")
        let md5 = first.header("Content-MD5")
        #expect(md5 != nil && Data(base64Encoded: md5!)?.count == 16)
        #expect(String(decoding: first.body, as: UTF8.self).components(separatedBy: "<Object>").count - 1 == 1000)
    }

    @Test func getRefusesAnObjectAboveTheCap() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: [UInt8](repeating: 1, count: 5000)) }
        let s3 = try client(server)
        let error = await #expect(throws: StoreError.self) { try await s3.get(key: "big", maxBytes: 4096) }
        try await s3.close()
        await server.shutdown()
        #expect(error?.code == .tooLarge)
        #expect(server.requests.count == 1)
    }
}
