import AgentBackupInfrastructure
import Foundation
import Testing

/// The S3 server of the integration tests, from the variables `scripts/test` sets
/// (`S3_ENDPOINT`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, `S3_REGION`, `S3_BUCKET`).
/// Missing variables FAIL the test (never skip it) with a message naming `scripts/test`.
enum S3TestServer {
    static let variables = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET"]

    /// The configuration for the test server; throws `MissingServer` (failing the test, never
    /// skipping it) when the variables are not set.
    static func configuration(
        _ configure: (inout S3Configuration) -> Void = { _ in }
    ) throws -> S3Configuration {
        let env = ProcessInfo.processInfo.environment
        let missing = variables.filter { (env[$0] ?? "").isEmpty }
        guard missing.isEmpty else {
            throw MissingServer(missing: missing)
        }
        var c = S3Configuration(
            endpoint: env["S3_ENDPOINT"]!, region: env["S3_REGION"] ?? "us-east-1", bucket: env["S3_BUCKET"]!,
            accessKeyId: env["S3_ACCESS_KEY_ID"]!, secretAccessKey: env["S3_SECRET_ACCESS_KEY"]!)
        configure(&c)
        return c
    }

    /// A client for the test server; close it at the end.
    static func client(_ configure: (inout S3Configuration) -> Void = { _ in }) throws -> S3Client {
        try S3Client(configuration: configuration(configure))
    }

    /// A fresh key prefix, so tests sharing the bucket never see each other's keys.
    static func uniquePrefix(_ name: String) -> String {
        "it-s3/\(name)-\(UUID().uuidString.prefix(8))/"
    }

    /// Fails a test that has no server, saying how to get one.
    struct MissingServer: Error, CustomStringConvertible {
        var missing: [String]
        var description: String {
            "S3 integration tests need \(missing.joined(separator: ", ")): run them with scripts/test (it starts "
                + "SeaweedFS), or eval \"$(scripts/s3-test-server start /tmp/mys3)\" first"
        }
    }
}

/// Runs `body` with a client and closes the client however `body` ends.
func withS3Client<T: Sendable>(
    _ configure: (inout S3Configuration) -> Void = { _ in }, _ body: (S3Client) async throws -> T
) async throws -> T {
    let client = try S3TestServer.client(configure)
    do {
        let result = try await body(client)
        try await client.close()
        return result
    } catch {
        try? await client.close()
        throw error
    }
}

/// Random bytes (not compressible, not repetitive).
func randomBytes(_ count: Int) -> [UInt8] {
    var g = SystemRandomNumberGenerator()
    var words = (0..<(count + 7) / 8).map { _ in g.next() }
    return words.withUnsafeMutableBytes { Array($0.prefix(count)) }
}

/// A temporary file path, removed by the caller.
func temporaryPath(_ name: String) -> String {
    NSTemporaryDirectory() + "s3-it-\(name)-\(UUID().uuidString)"
}
