import Testing
@testable import AgentBackupDomain

@Test func domainErrorDescribesItself() {
    #expect(DomainError(.invalidPath, "bad").description == "bad")
}
