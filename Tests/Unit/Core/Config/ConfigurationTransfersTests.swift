import AgentBackup
import Testing

/// `AGENT_BACKUP_TRANSFERS` is read here and nowhere else; a bad value is an error, not a guess.
@Suite("Configuration: AGENT_BACKUP_TRANSFERS")
struct ConfigurationTransfersTests {
    @Test func unsetOrEmptyIsTheDefault() throws {
        let home = try ConfigTestHome()
        #expect(try home.load().transfers == 8)
        #expect(try home.load(["AGENT_BACKUP_TRANSFERS": ""]).transfers == 8)
    }

    @Test(arguments: [("1", 1), ("16", 16), (" 64 ", 64)])
    func aNumberInRangeIsUsed(raw: String, expected: Int) throws {
        #expect(try ConfigTestHome().load(["AGENT_BACKUP_TRANSFERS": raw]).transfers == expected)
    }

    @Test(arguments: ["0", "65", "-3", "many", "8.5"])
    func anythingElseIsAnErrorNamingTheVariableAndTheRange(raw: String) throws {
        let error = try #require(try ConfigTestHome().loadError(["AGENT_BACKUP_TRANSFERS": raw]))
        #expect(error.code == .invalidValue)
        #expect(error.key == "AGENT_BACKUP_TRANSFERS")
        #expect(error.message.contains("from 1 to 64"))
    }
}
