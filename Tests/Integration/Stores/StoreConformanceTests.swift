import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The store conformance suite against every store the integration run can reach.
///
/// To add a store: add a case to `IntegrationStore`, say which checks it passes in `cases` and how to
/// open it in `open()`.
enum IntegrationStore: String, CaseIterable, Sendable {
    /// The local folder store on the real disk (the unit tests run it with 2,500 keys; here 1,100
    /// keep the run short while still crossing one page and one delete batch).
    case localDirectory
    /// SeaweedFS started by scripts/test (or MinIO/B2 with `scripts/test --external`), through our
    /// SigV4 client with signatures checked.
    case s3

    /// The checks this store must pass.
    var cases: [StoreConformance.Case] {
        switch self {
        case .localDirectory: return StoreConformance.allCases
        // SeaweedFS stores keys as paths (`a//b` lists as `a/b`): the verbatim-key checks do not apply.
        case .s3: return StoreConformance.portable
        }
    }

    var options: StoreConformance.Options {
        switch self {
        case .localDirectory: return StoreConformance.Options(paginationKeyCount: 1_100)
        case .s3: return StoreConformance.Options(byteOrderedListing: ProcessInfo.processInfo.environment["S3_BYTE_ORDERED_LISTING"] == "1")
        }
    }

    /// A fresh store and a key prefix no other test uses.
    func open() async throws -> StoreUnderTest {
        switch self {
        case .localDirectory:
            let directory = try TemporaryDirectory(prefix: "integration-local-store")
            let store = try LocalDirectoryStore(directory: directory.path, bucket: "agent-backup-test")
            return StoreUnderTest(store: store, prefix: "conformance/", keepAlive: directory)
        case .s3:
            let client = try S3TestServer.client { $0.multipartThreshold = 8 << 20; $0.partSize = 5 << 20 }
            return StoreUnderTest(store: client, prefix: S3TestServer.uniquePrefix("conformance"), close: { try await client.close() })
        }
    }
}

/// A store opened for one check, with whatever must live as long as it (a temporary folder).
struct StoreUnderTest: Sendable {
    var store: any ObjectStore
    var prefix: String
    var keepAlive: (any Sendable)? = nil
    /// Releases the store (an S3 client's connection pool).
    var close: @Sendable () async throws -> Void = {}
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
        } catch {
            try? await opened.close()
            throw error
        }
        #expect(try await opened.store.listAll(prefix: opened.prefix).objects.isEmpty, "the check removes what it wrote")
        try await opened.close()
        withExtendedLifetime(opened.keepAlive) {}
    }
}
