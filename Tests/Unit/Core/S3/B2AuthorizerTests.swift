import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupVersion
import AsyncHTTPClient
import Foundation
import Testing

/// `b2_authorize_account` against a local server serving canned Backblaze answers.
@Suite("B2 authorizer")
struct B2AuthorizerTests {
    static let v3Body = """
        {"accountId":"abc123","apiInfo":{"groupsApi":{},"storageApi":{"absoluteMinimumPartSize":5000000,
        "apiUrl":"https://api004.backblazeb2.com","bucketId":null,"bucketName":null,"capabilities":["listFiles"],
        "downloadUrl":"https://f004.backblazeb2.com","infoType":"storageApi","namePrefix":null,
        "recommendedPartSize":100000000,"s3ApiUrl":"https://s3.us-west-004.backblazeb2.com"}},
        "applicationKeyExpirationTimestamp":null,"authorizationToken":"4_tok"}
        """
    static let v2Body = """
        {"absoluteMinimumPartSize":5000000,"accountId":"abc123","allowed":{"bucketId":null,"capabilities":["listFiles"]},
        "apiUrl":"https://api002.backblazeb2.com","authorizationToken":"4_tok","downloadUrl":"https://f002.backblazeb2.com",
        "recommendedPartSize":100000000,"s3ApiUrl":"https://s3.eu-central-003.backblazeb2.com"}
        """

    /// Keys: "good" (v3 shape), "old" (v2 shape), "garbage" (malformed body), "busy" (503 once),
    /// anything else 401.
    private static func cannedB2() -> @Sendable (TestHTTPRequest) -> TestHTTPReply {
        let busyOnce = BusyOnce()
        return { request in
            guard request.path == "/b2api/v3/b2_authorize_account",
                let auth = request.header("Authorization"), auth.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(auth.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) })
            else { return .text(400, #"{"status":400,"code":"bad_request","message":"no auth"}"#) }
            switch decoded {
            case "good:secret": return .text(200, v3Body)
            case "old:secret": return .text(200, v2Body)
            case "garbage:secret": return .text(200, "<html>maintenance</html>")
            case "busy:secret":
                return busyOnce.first()
                    ? .text(503, #"{"status":503,"code":"service_unavailable","message":"busy"}"#, headers: [("Retry-After", "2")])
                    : .text(200, v3Body)
            default: return .text(401, #"{"status":401,"code":"unauthorized","message":"Invalid keyId or applicationKey"}"#)
            }
        }
    }

    private final class BusyOnce: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func first() -> Bool { lock.withLock { defer { done = true }; return !done } }
    }

    private func withServer(_ body: (TestHTTPServer, B2Authorizer, RetryRecorder) async throws -> Void) async throws {
        let server = try await TestHTTPServer.start(handler: Self.cannedB2())
        let recorder = RetryRecorder(storeName: server.baseURL)
        let authorizer = B2Authorizer(
            baseURL: server.baseURL, userAgent: B2Connector.userAgent(agentId: "goose"), retrier: recorder.retrier)
        do {
            try await body(server, authorizer, recorder)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test func goodKeyV3ShapeGivesEndpointRegionAndPartSize() async throws {
        try await withServer { server, authorizer, _ in
            let auth = try await authorizer.authorize(keyId: "good", applicationKey: "secret")
            #expect(auth.s3ApiUrl == "https://s3.us-west-004.backblazeb2.com")
            #expect(auth.region == "us-west-004")
            #expect(auth.recommendedPartSize == 100_000_000)
            #expect(auth.accountId == "abc123")
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.header("User-Agent") == "b2ai-goose-backup agent-backup/\(AgentBackupVersion.semver)")
            #expect(server.requests.first?.method == "GET")
        }
    }

    @Test func v2ShapeFallsBackToTopLevelS3ApiUrl() async throws {
        try await withServer { _, authorizer, _ in
            let auth = try await authorizer.authorize(keyId: "old", applicationKey: "secret")
            #expect(auth.region == "eu-central-003")
            #expect(auth.s3ApiUrl == "https://s3.eu-central-003.backblazeb2.com")
        }
    }

    @Test func badKeyIsOneCredentialsRejectedError() async throws {
        try await withServer { server, authorizer, recorder in
            let error = await #expect(throws: StoreError.self) {
                try await authorizer.authorize(keyId: "nobody", applicationKey: "wrong")
            }
            #expect(error?.code == .credentialsRejected)
            #expect(error?.httpStatus == 401)
            #expect(error?.message == "credentials rejected by \(server.baseURL): check keyId/applicationKey")
            #expect(server.requests.count == 1)
            #expect(recorder.waits.isEmpty)
        }
    }

    @Test func malformedBodyIsAPermanentErrorSayingWhatIsWrong() async throws {
        try await withServer { server, authorizer, _ in
            let error = await #expect(throws: StoreError.self) {
                try await authorizer.authorize(keyId: "garbage", applicationKey: "secret")
            }
            #expect(error?.code == .permanent)
            #expect(error?.message.contains("not the expected JSON") == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test func busyServerIsRetriedHonouringRetryAfter() async throws {
        try await withServer { server, authorizer, recorder in
            let auth = try await authorizer.authorize(keyId: "busy", applicationKey: "secret")
            #expect(auth.region == "us-west-004")
            #expect(server.requests.count == 2)
            #expect(recorder.waits == [2])
        }
    }

    @Test func connectorDiscoversTheRegionWhenNoneIsConfigured() async throws {
        try await withServer { _, authorizer, _ in
            let c = try await B2Connector.resolveConfiguration(
                bucket: "bk", keyId: "good", applicationKey: "secret", region: nil, agentId: "goose",
                authorizer: authorizer)
            #expect(c.endpoint == "https://s3.us-west-004.backblazeb2.com")
            #expect(c.region == "us-west-004")
            #expect(c.userAgent == "b2ai-goose-backup agent-backup/\(AgentBackupVersion.semver)", "the reference prefix, then our version")
            #expect(c.deleteAllVersions)
            #expect(c.partSize == 100_000_000)
        }
    }

    @Test func configuredRegionSkipsTheLookup() async throws {
        try await withServer { server, authorizer, _ in
            let c = try await B2Connector.resolveConfiguration(
                bucket: "bk", keyId: "good", applicationKey: "secret", region: "us-east-005", agentId: "codex",
                authorizer: authorizer)
            #expect(c.endpoint == "https://s3.us-east-005.backblazeb2.com")
            #expect(server.requests.isEmpty)
        }
    }

    @Test func regionComesFromTheS3ApiUrlHost() {
        #expect(B2Authorization.region(fromS3ApiUrl: "https://s3.ca-east-006.backblazeb2.com") == "ca-east-006")
        #expect(B2Authorization.region(fromS3ApiUrl: "https://example.com") == nil)
    }
}

/// The reference engine's access check (list one key) and its hints, against canned S3 answers.
@Suite("B2 access check")
struct B2AccessCheckTests {
    private func check(status: Int, code: String) async throws -> (StoreError?, [TestHTTPRequest]) {
        let server = try await TestHTTPServer.start { _ in
            .text(status, "<Error><Code>\(code)</Code><Message>from server</Message></Error>")
        }
        let s3 = try S3Client(
            configuration: .init(
                endpoint: server.baseURL, region: "us-west-004", bucket: "my-bucket", accessKeyId: "k",
                secretAccessKey: "s"))
        var caught: StoreError?
        do { try await s3.checkAccess() } catch let e as StoreError { caught = e }
        try await s3.close()
        await server.shutdown()
        return (caught, server.requests)
    }

    @Test func forbiddenSaysTheKeyLacksAccessToTheBucket() async throws {
        let (error, requests) = try await check(status: 403, code: "AccessDenied")
        #expect(error?.code == .accessDenied)
        #expect(error?.hint?.contains("no access to bucket 'my-bucket'") == true)
        #expect(requests.count == 1)
        #expect(requests.first?.uri == "/my-bucket?list-type=2&max-keys=1&prefix=")
    }

    @Test func notFoundSaysWrongBucketOrRegion() async throws {
        let (error, _) = try await check(status: 404, code: "NoSuchBucket")
        #expect(error?.code == .notFound)
        #expect(error?.hint?.contains("check the bucket name and the region") == true)
    }

    @Test func wrongSecretStaysCredentialsRejected() async throws {
        let (error, requests) = try await check(status: 403, code: "InvalidAccessKeyId")
        #expect(error?.code == .credentialsRejected)
        #expect(requests.count == 1)
    }
}
