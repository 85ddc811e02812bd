import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Multipart uploads against a local server playing S3: parts retried one by one, completion
/// listing every part in order, a completion whose answer was lost, and an abort when a part
/// fails for good or the upload is cancelled.
@Suite("S3 client multipart against a local server")
struct S3ClientMultipartTests {
    private static let mib = 1024 * 1024

    /// Answers multipart calls; `failPart` answers that part number with `failStatus` (once when
    /// `failOnce`, else always).
    private final class FakeMultipart: @unchecked Sendable {
        let lock = NSLock()
        let failPart: Int
        let failStatus: Int
        let failOnce: Bool
        var failed = false
        var partBodies: [Int: Int] = [:]

        init(failPart: Int, failStatus: Int, failOnce: Bool) {
            self.failPart = failPart
            self.failStatus = failStatus
            self.failOnce = failOnce
        }

        func reply(_ r: TestHTTPRequest) -> TestHTTPReply {
            if r.method == "POST", r.uri.hasSuffix("?uploads=") {
                return .text(200, "<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>")
            }
            if r.method == "PUT", let n = r.uri.components(separatedBy: "partNumber=").last.flatMap({ Int($0.prefix { $0.isNumber }) }) {
                let fail: Bool = lock.withLock {
                    if n == failPart, !(failOnce && failed) {
                        failed = true
                        return true
                    }
                    partBodies[n] = r.body.count
                    return false
                }
                if fail { return .text(failStatus, "<Error><Code>Code\(failStatus)</Code><Message>part refused</Message></Error>") }
                return .respond(status: 200, headers: [("ETag", "\"etag-\(n)\"")])
            }
            if r.method == "POST", r.uri.contains("uploadId=up-1") {
                return .text(200, "<CompleteMultipartUploadResult><ETag>\"x-3\"</ETag></CompleteMultipartUploadResult>")
            }
            if r.method == "DELETE", r.uri.contains("uploadId=up-1") { return .respond(status: 204) }
            return .text(400, "<Error><Code>Unexpected</Code><Message>\(r.method) \(r.uri)</Message></Error>")
        }
    }

    private func upload(
        _ fake: FakeMultipart, policy: RetryPolicy = .standard,
        reply: (@Sendable (TestHTTPRequest) -> TestHTTPReply?)? = nil
    ) async throws -> (Result<Void, StoreError>, [TestHTTPRequest]) {
        let server = try await TestHTTPServer.start { request in reply?(request) ?? fake.reply(request) }
        let path = NSTemporaryDirectory() + "mp-\(UUID().uuidString)"
        try Data(count: 13 * Self.mib).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s3 = try S3Client(
            configuration: .init(
                endpoint: server.baseURL, region: "us-east-1", bucket: "b", accessKeyId: "k", secretAccessKey: "s",
                multipartThreshold: Int64(5 * Self.mib), partSize: Int64(5 * Self.mib), multipartConcurrency: 2))
        var result: Result<Void, StoreError> = .success(())
        do {
            let retrier = RetryRecorder(policy: policy).retrier
            try await RetryingStore(s3, retrier: retrier).put(key: "big", body: .file(path: path), contentType: "application/octet-stream")
        } catch let error as StoreError {
            result = .failure(error)
        }
        try await s3.close()
        await server.shutdown()
        return (result, server.requests)
    }

    @Test func aRetriedPartStillCompletesWithEveryPartInOrder() async throws {
        let fake = FakeMultipart(failPart: 2, failStatus: 503, failOnce: true)
        let (result, requests) = try await upload(fake)
        #expect((try? result.get()) != nil)
        #expect(fake.partBodies == [1: 5 * Self.mib, 2: 5 * Self.mib, 3: 3 * Self.mib])
        #expect(requests.filter { $0.method == "PUT" }.count == 4)
        let complete = try #require(requests.last)
        #expect(complete.method == "POST" && complete.uri == "/b/big?uploadId=up-1")
        #expect(
            String(decoding: complete.body, as: UTF8.self).contains(
                "<Part><PartNumber>1</PartNumber><ETag>&quot;etag-1&quot;</ETag></Part>"
                    + "<Part><PartNumber>2</PartNumber><ETag>&quot;etag-2&quot;</ETag></Part>"
                    + "<Part><PartNumber>3</PartNumber><ETag>&quot;etag-3&quot;</ETag></Part>"))
        #expect(complete.header("x-amz-content-sha256")?.count == 64, "the XML body's hash is signed")
        #expect(!requests.contains { $0.method == "DELETE" })
    }

    @Test func aPartRefusedForGoodAbortsTheUpload() async throws {
        let fake = FakeMultipart(failPart: 2, failStatus: 400, failOnce: false)
        let (result, requests) = try await upload(fake)
        guard case .failure(let error) = result else {
            Issue.record("the upload should have failed")
            return
        }
        #expect(error.code == .permanent)
        #expect(error.message == "part refused")
        #expect(requests.contains { $0.method == "DELETE" && $0.uri == "/b/big?uploadId=up-1" })
        #expect(!requests.contains { $0.method == "POST" && $0.uri.contains("uploadId") })
    }

    @Test func aPartFailingForTheWholeBudgetAbortsTheUpload() async throws {
        let fake = FakeMultipart(failPart: 3, failStatus: 503, failOnce: false)
        let (result, requests) = try await upload(fake, policy: RetryPolicy(budget: 10))
        guard case .failure(let error) = result else {
            Issue.record("the upload should have failed")
            return
        }
        #expect(error.code == .transient)
        #expect(error.operation == "MULTIPART PART 3")
        let parts = requests.filter { $0.method == "PUT" }.map { $0.uri.components(separatedBy: "partNumber=")[1].prefix(1) }
        #expect(parts.filter { $0 == "3" }.count == 5, "part 3 alone was retried for the budget")
        #expect(parts.filter { $0 == "1" }.count == 1 && parts.filter { $0 == "2" }.count == 1)
        #expect(requests.last?.method == "DELETE" && requests.last?.uri == "/b/big?uploadId=up-1")
    }

    @Test func aCompletionWhoseAnswerWasLostIsCheckedNotRepeatedBlindly() async throws {
        let fake = FakeMultipart(failPart: 0, failStatus: 503, failOnce: true)
        let completions = Guarded(0)
        let (result, requests) = try await upload(fake) { request in
            if request.method == "POST", request.uri == "/b/big?uploadId=up-1" {
                // The first completion is done by the server but its answer is cut off; the
                // upload is then gone, as on S3.
                if completions.update({ $0 += 1; return $0 }) == 1 {
                    return .resetMidBody(status: 200, declaredLength: 500, partialBody: Array("<Complete".utf8))
                }
                return .text(404, "<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>")
            }
            if request.method == "HEAD" {
                return .respond(status: 200, headers: [("Content-Length", String(13 * Self.mib)), ("ETag", "\"x-3\"")])
            }
            return nil
        }
        #expect((try? result.get()) != nil, "\(result)")
        #expect(requests.filter { $0.method == "POST" && $0.uri.contains("uploadId") }.count == 2)
        #expect(requests.filter { $0.method == "HEAD" }.count == 1)
        #expect(!requests.contains { $0.method == "DELETE" })
    }
}
