import Testing
import AgentBackupFixtures

@Test func fixturesAreBundled() throws {
    #expect(try Fixtures.bytes("encryption/hello.plain") == Array("hello".utf8))
}
