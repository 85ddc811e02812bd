import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Testing

/// The store conformance suite against every store the integration run can reach.
///
/// To add a store: add a case to `IntegrationStore`, say which checks it passes in `cases` and how to
/// open it in `open()`. For SeaweedFS (and MinIO/B2 with `scripts/test --external`):
///
/// ```swift
/// case seaweedFS
/// // cases:  StoreConformance.portable   (SeaweedFS stores keys as paths)
/// // open():
/// let env = try S3TestEnvironment.require()          // FAILS naming scripts/test when unset
/// let client = try S3Client(configuration: S3Configuration(
///     endpoint: env.endpoint, region: env.region, bucket: env.bucket, accessKeyId: env.accessKeyID,
///     secretAccessKey: env.secretAccessKey, multipartThreshold: 5 << 20, partSize: 5 << 20))
/// return StoreUnderTest(store: client, prefix: S3TestEnvironment.uniquePrefix("conformance") + "/",
///                       close: { try await client.close() })
/// ```
/// (A 5 MiB threshold sends `largeObject`'s 12 MiB as a three-part multipart upload.)
enum IntegrationStore: String, CaseIterable, Sendable {
    /// The local folder store on the real disk (the unit tests run it with 2,500 keys; here 1,100
    /// keep the run short while still crossing one page and one delete batch).
    case localDirectory

    /// The checks this store must pass.
    var cases: [StoreConformance.Case] {
        switch self {
        case .localDirectory: return StoreConformance.allCases
        }
    }

    var options: StoreConformance.Options {
        switch self {
        case .localDirectory: return StoreConformance.Options(paginationKeyCount: 1_100)
        }
    }

    /// A fresh store and a key prefix no other test uses.
    func open() async throws -> StoreUnderTest {
        switch self {
        case .localDirectory:
            let directory = try TemporaryDirectory(prefix: "integration-local-store")
            let store = try LocalDirectoryStore(directory: directory.path, bucket: "agent-backup-test")
            return StoreUnderTest(store: store, prefix: "conformance/", keepAlive: directory)
        }
    }
}

/// A store opened for one check, with whatever must live as long as it (a temporary folder) and
/// how to close it (an HTTP client).
struct StoreUnderTest: Sendable {
    var store: any ObjectStore
    var prefix: String
    var keepAlive: (any Sendable)? = nil
    var close: (@Sendable () async throws -> Void)? = nil
}

/// One (store, check) pair, named `store/check` in test output.
struct ConformanceRun: Sendable, CustomStringConvertible {
    var store: IntegrationStore
    var check: StoreConformance.Case
    var description: String { "\(store.rawValue)/\(check.rawValue)" }

    static let all = IntegrationStore.allCases.flatMap { store in store.cases.map { ConformanceRun(store: store, check: $0) } }
}

@Suite struct StoreConformanceTests {
    @Test(arguments: ConformanceRun.all)
    func conformance(_ run: ConformanceRun) async throws {
        let opened = try await run.store.open()
        do {
            try await StoreConformance.check(run.check, store: opened.store, prefix: opened.prefix, options: run.store.options)
            #expect(try await opened.store.listAll(prefix: opened.prefix).objects.isEmpty, "the check removes what it wrote")
        } catch {
            try? await opened.close?()
            throw error
        }
        try await opened.close?()
        withExtendedLifetime(opened.keepAlive) {}
    }
}
