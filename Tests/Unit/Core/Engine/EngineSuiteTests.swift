import AgentBackupTestSupport
import Testing

/// The engine suite (Tests/Support/EngineSuite) on the in-memory store, in both layouts; the
/// integration tests run it on the S3 server.
@Suite struct EngineSuiteTests {
    static func backend(_ layout: EngineSuiteLayout) -> EngineSuiteBackend {
        layout.backend(name: "in-memory") { _ in EngineSuiteStore(store: InMemoryObjectStore(), prefix: "test-backup") }
    }

    @Test(arguments: EngineSuiteLayout.allCases, EngineSuite.Case.allCases)
    func engine(_ layout: EngineSuiteLayout, _ check: EngineSuite.Case) async throws {
        try await EngineSuite.check(check, on: Self.backend(layout))
    }
}
