import AgentBackup
import Foundation
import Testing

/// `agent-backup doctor` on the command line (checks that need no network).
@Suite("agent-backup doctor command")
struct DoctorCommandTests {
    @Test func withNoAgentHereItSaysHowToStart() async throws {
        let h = try CliHarness()
        let result = await h.run(["doctor"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("problem  agent         no agent has a config file, a service or folders on this machine"))
        #expect(result.standardOutput.hasPrefix("agent-backup "), "the version first")
    }

    @Test func everyAgentWithStateHereIsExamined() async throws {
        let h = try CliHarness()
        try h.home.write(Array("x: 1\n".utf8), to: ".config/goose/config.yaml")
        try h.writeConfig(#"{"endpoint": "file://"# + h.home.path + #"/store", "encrypt": false}"#, id: "codex")
        let result = await h.run(["doctor", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        #expect(agents.compactMap { $0["agent"] as? String } == ["codex", "goose"], "in catalog order: \(agents.map { $0["agent"] ?? "" })")
    }

    @Test func anUnknownAgentIsAProblemLine() async throws {
        let h = try CliHarness()
        let result = await h.run(["doctor", "--agent", "unknown"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("problem  agent"))
    }

    @Test func agentAndAdapterTogetherAreAUsageError() async throws {
        let h = try CliHarness()
        let result = await h.run(["doctor", "--agent", "goose", "--adapter", "x.json"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("give either --agent or --adapter, not both"))
    }
}
