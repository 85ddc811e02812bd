import AgentBackup
import Testing

@Suite("Configuration: layout and B2_LAYOUT")
struct ConfigurationLayoutTests {
    @Test func referenceIsTheDefault() throws {
        let home = try ConfigTestHome()
        #expect(try home.load().layout == .reference)
    }

    @Test func theFileChoosesPacked() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"layout": "packed"}"#)
        let config = try home.load()
        #expect(config.layout == .packed)
        #expect(!config.warnings.contains { $0.message.contains("unknown key") })
    }

    @Test func theEnvironmentWins() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"layout": "packed"}"#)
        #expect(try home.load(["B2_LAYOUT": "reference"]).layout == .reference)
        #expect(try home.load(["B2_LAYOUT": ""]).layout == .packed)
    }

    @Test(arguments: ["Packed", "restic", " packed"])
    func aBadValueNamesTheKeyAndBothChoices(_ value: String) throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_LAYOUT": value]))
        #expect(error.code == .invalidValue)
        #expect(error.key == "B2_LAYOUT")
        #expect(error.message.contains("\"reference\"") && error.message.contains("\"packed\""))
        #expect(error.message.contains(value))
    }

    @Test func aBadFileValueNamesTheFile() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"layout": "tar"}"#)
        let error = try #require(home.loadError())
        #expect(error.key == "layout (in \(home.configPath))")
    }

    @Test func aNonStringIsRefused() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"layout": 2}"#)
        let error = try #require(home.loadError())
        #expect(error.key == "layout")
    }
}
