import AgentBackupTestSupport
import AsyncHTTPClient
import Foundation
import Testing

/// The server `scripts/test` starts is a real, signature-checking S3: without that, every S3
/// integration test would prove nothing about signing.
@Suite struct S3TestServerTests {
    @Test func unsignedListingIsRefused() async throws {
        let env = try S3TestEnvironment.require()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: (status: UInt, body: String)
        do {
            let response = try await client.execute(HTTPClientRequest(url: env.bucketURL + "?list-type=2"), timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            result = (response.status.code, String(buffer: body))
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
        #expect(result.status == 403, "an unsigned ListObjectsV2 must be refused; body: \(result.body)")
        #expect(result.body.contains("AccessDenied"))
    }

    @Test func signedRequestsAreCheckedByTheServer() throws {
        let env = try S3TestEnvironment.require()
        let python = try env.requirePython()
        // boto3 signs independently of our code: the right secret lists, a wrong one is refused.
        let script = """
            import sys, boto3, botocore
            from botocore.config import Config
            ep, ak, sk, region, bucket = sys.argv[1:]
            def client(secret):
                return boto3.client("s3", endpoint_url=ep, aws_access_key_id=ak, aws_secret_access_key=secret,
                    region_name=region, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
            client(sk).list_objects_v2(Bucket=bucket, MaxKeys=1)
            print("good:ok")
            try:
                client(sk + "x").list_objects_v2(Bucket=bucket, MaxKeys=1)
                print("bad:accepted")
            except botocore.exceptions.ClientError as e:
                print("bad:" + e.response["Error"]["Code"])
            """
        let output = try Self.run(python, ["-c", script, env.endpoint, env.accessKeyID, env.secretAccessKey, env.region, env.bucket])
        #expect(output.contains("good:ok"), "signed listing failed: \(output)")
        #expect(output.contains("bad:SignatureDoesNotMatch"), "a wrong secret must be refused: \(output)")
    }

    /// Runs a program to completion and returns what it printed (stdout and stderr).
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
