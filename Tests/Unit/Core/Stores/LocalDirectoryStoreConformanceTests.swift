import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The local folder store keeps the same contract as S3 (every case, verbatim keys included).
@Suite struct LocalDirectoryStoreConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ check: StoreConformance.Case) async throws {
        let directory = try TemporaryDirectory(prefix: "local-store")
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "bucket")
        try await StoreConformance.check(check, store: store, prefix: "conformance/")
        // The check deleted what it wrote: deletes prune folders, so nothing is left but the bucket.
        let left = (try? FileManager.default.contentsOfDirectory(atPath: store.root)) ?? []
        #expect(left.isEmpty, "left in \(store.root): \(left)")
    }
}
