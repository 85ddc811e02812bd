import AgentBackupPorts
import AgentBackupTestSupport
import Testing

/// The fake every engine test relies on must itself keep the store contract.
@Suite struct InMemoryObjectStoreConformanceTests {
    @Test(arguments: StoreConformance.allCases)
    func conformance(_ check: StoreConformance.Case) async throws {
        let store = InMemoryObjectStore()
        try await StoreConformance.check(check, store: store, prefix: "conformance/")
        #expect(store.totalCallCount > 0)
        #expect(store.keys.isEmpty, "the check removes what it wrote")
    }
}
