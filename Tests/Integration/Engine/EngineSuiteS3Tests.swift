import AgentBackupInfrastructure
import AgentBackupTestSupport
import Testing

/// The engine suite (Tests/Support/EngineSuite) on the real S3 server of `scripts/test`, in both
/// layouts; each case writes under its own prefix and deletes it afterwards.
@Suite struct EngineSuiteS3Tests {
    static func backend(_ layout: EngineSuiteLayout) -> EngineSuiteBackend {
        layout.backend(name: "s3") { name in
            let environment = try S3TestEnvironment.require()
            let client = try S3Client(configuration: S3Configuration(
                endpoint: environment.endpoint, region: environment.region, bucket: environment.bucket,
                accessKeyId: environment.accessKeyID, secretAccessKey: environment.secretAccessKey))
            let prefix = environment.uniquePrefix("suite-\(layout)-\(name)")
            return EngineSuiteStore(store: client, prefix: prefix) {
                if let keys = try? await client.listAll(prefix: prefix + "/").objects.map(\.key) {
                    for start in stride(from: 0, to: keys.count, by: 1000) {
                        try? await client.delete(keys: Array(keys[start..<min(start + 1000, keys.count)]))
                    }
                }
                try? await client.close()
            }
        }
    }

    @Test(arguments: EngineSuiteLayout.allCases, EngineSuite.Case.allCases)
    func engine(_ layout: EngineSuiteLayout, _ check: EngineSuite.Case) async throws {
        try await EngineSuite.check(check, on: Self.backend(layout))
    }
}
