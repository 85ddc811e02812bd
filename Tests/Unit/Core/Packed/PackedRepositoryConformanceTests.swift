import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Testing

/// The packed layout keeps the repository contract, encrypted and plain, with chunks and packs
/// scaled down so the conformance samples cut into several chunks and packs.
@Suite struct PackedRepositoryConformanceTests {
    @Test(arguments: RepositoryConformance.Case.allCases)
    func encrypted(_ check: RepositoryConformance.Case) async throws {
        try await RepositoryConformance.check(check, hasher: OpenSSLHasher()) { store in
            PackedTesting.opener(store: store, passphrase: "conformance")
        }
    }

    @Test(arguments: RepositoryConformance.Case.allCases)
    func plain(_ check: RepositoryConformance.Case) async throws {
        try await RepositoryConformance.check(check, hasher: OpenSSLHasher()) { store in
            PackedTesting.opener(store: store, passphrase: nil)
        }
    }
}
