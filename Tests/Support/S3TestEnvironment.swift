import Foundation

/// The real S3 server and tools that `scripts/test` provides to the integration tests.
///
/// Integration tests call `require()` first: when the variables are missing they FAIL (never skip)
/// with a message saying how to provide them.
public struct S3TestEnvironment: Sendable, Equatable {
    /// `http://127.0.0.1:PORT` (SeaweedFS) or any S3 endpoint.
    public var endpoint: String
    public var accessKeyID: String
    public var secretAccessKey: String
    /// `us-east-1` when `S3_REGION` is unset.
    public var region: String
    /// Exists and is shared: every test works under its own `uniquePrefix`.
    public var bucket: String
    /// A python with `cryptography` and `boto3` (`AGENT_BACKUP_TEST_PYTHON`), for independent checks.
    public var python: String?
    /// The built `agent-backup` executable (`AGENT_BACKUP_BINARY`).
    public var binary: String?

    /// The variables `require()` needs.
    public static let requiredVariables = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET"]

    /// How to get the variables, for every error message.
    public static let howToStart = """
        run the whole suite with `scripts/test` (it starts SeaweedFS on loopback and sets them), or start a server \
        by hand with `eval "$(scripts/s3-test-server start /tmp/mys3)"` and stop it later with \
        `scripts/s3-test-server stop /tmp/mys3`
        """

    public init(
        endpoint: String, accessKeyID: String, secretAccessKey: String, region: String = "us-east-1",
        bucket: String, python: String? = nil, binary: String? = nil
    ) {
        self.endpoint = endpoint
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.bucket = bucket
        self.python = python
        self.binary = binary
    }

    /// Reads the `S3_*` variables, or throws `TestEnvironmentMissing` naming the missing ones and
    /// `scripts/test`.
    public static func require(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> S3TestEnvironment {
        func value(_ name: String) -> String? {
            environment[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let missing = requiredVariables.filter { value($0) == nil }
        if !missing.isEmpty {
            throw TestEnvironmentMissing(variables: missing, purpose: "the S3 integration tests")
        }
        return S3TestEnvironment(
            endpoint: value("S3_ENDPOINT")!, accessKeyID: value("S3_ACCESS_KEY_ID")!,
            secretAccessKey: value("S3_SECRET_ACCESS_KEY")!, region: value("S3_REGION") ?? "us-east-1",
            bucket: value("S3_BUCKET")!, python: value("AGENT_BACKUP_TEST_PYTHON"),
            binary: value("AGENT_BACKUP_BINARY"))
    }

    /// The python with `cryptography` and `boto3`, or an error naming `AGENT_BACKUP_TEST_PYTHON`.
    public func requirePython() throws -> String {
        guard let python else {
            throw TestEnvironmentMissing(variables: ["AGENT_BACKUP_TEST_PYTHON"], purpose: "independent checks in python")
        }
        return python
    }

    /// The built `agent-backup`, or an error naming `AGENT_BACKUP_BINARY`.
    public func requireBinary() throws -> String {
        guard let binary else {
            throw TestEnvironmentMissing(
                variables: ["AGENT_BACKUP_BINARY"], purpose: "tests of the built executable",
                extraHint: "or export AGENT_BACKUP_BINARY=$PWD/.build/debug/agent-backup after `swift build`")
        }
        return binary
    }

    /// The endpoint as a URL.
    public var endpointURL: URL {
        URL(string: endpoint)!
    }

    /// `\(endpoint)/\(bucket)`, the path-style bucket URL.
    public var bucketURL: String {
        (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/" + bucket
    }

    /// A key prefix no other test or run uses: `test-<name>-<time>-<random>` (no trailing slash;
    /// append `/` for a folder). `name` is reduced to `[a-z0-9-]`.
    public static func uniquePrefix(_ name: String) -> String {
        let cleaned = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        let stamp = Int(Date().timeIntervalSince1970)
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "test-\(cleaned.prefix(40))-\(stamp)-\(random)"
    }

    /// See `S3TestEnvironment.uniquePrefix(_:)`.
    public func uniquePrefix(_ name: String) -> String {
        Self.uniquePrefix(name)
    }
}

/// The variables an integration test needs are not set.
public struct TestEnvironmentMissing: Error, Sendable, Equatable, CustomStringConvertible {
    public var variables: [String]
    public var purpose: String
    public var extraHint: String?

    public init(variables: [String], purpose: String, extraHint: String? = nil) {
        self.variables = variables
        self.purpose = purpose
        self.extraHint = extraHint
    }

    public var description: String {
        var text = "\(variables.joined(separator: ", ")) not set: \(purpose) need them; \(S3TestEnvironment.howToStart)"
        if let extraHint { text += ", \(extraHint)" }
        return text
    }
}
