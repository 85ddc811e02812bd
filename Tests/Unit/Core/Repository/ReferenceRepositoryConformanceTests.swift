import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Testing

/// The reference layout keeps the repository contract, encrypted and plain.
@Suite struct ReferenceRepositoryConformanceTests {
    @Test(arguments: RepositoryConformance.Case.allCases)
    func encrypted(_ check: RepositoryConformance.Case) async throws {
        let codec = EncryptingCodec(passphrase: "conformance")
        try await RepositoryConformance.check(check, hasher: OpenSSLHasher()) { store in
            ReferenceRepositoryOpener(store: store, codec: codec, hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(), prefix: "conformance")
        }
    }

    @Test(arguments: RepositoryConformance.Case.allCases)
    func plain(_ check: RepositoryConformance.Case) async throws {
        try await RepositoryConformance.check(check, hasher: OpenSSLHasher()) { store in
            ReferenceRepositoryOpener(store: store, codec: PlainCodec(), hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(), prefix: "conformance")
        }
    }
}
