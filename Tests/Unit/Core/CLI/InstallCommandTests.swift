import AgentBackup
import Foundation
import Testing

@Suite("agent-backup install")
struct InstallCommandTests {
    @Test(arguments: [ServicePlatform.linux, .macos])
    func printShowsTheUnitExactlyAndWritesNothing(platform: ServicePlatform) async throws {
        let h = try CliHarness()
        try h.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#)
        let result = await h.run(["install", "--agent", "goose", "--print", "--platform", platform.rawValue])
        let unit = ServiceUnit.make(agentID: "goose", programArguments: ["/opt/bin/agent-backup", "daemon", "--agent", "goose"], home: h.home.path, platform: platform)
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == unit.contents)
        #expect(result.standardError == "agent-backup: info: not written (--print); it belongs in \(unit.path) and is started with: \(unit.activationCommand)\n")
        #expect(!FileManager.default.fileExists(atPath: unit.path))
    }

    @Test func installWritesUnderHomeAndPrintsTheActivation() async throws {
        let h = try CliHarness()
        try h.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#)
        let result = await h.run(["install", "--adapter", "/srv/adapters/mine.json", "--platform", "linux"])
        let unit = ServiceUnit.make(agentID: "mine", programArguments: ["/opt/bin/agent-backup", "daemon", "--adapter", "/srv/adapters/mine.json"], home: h.home.path, platform: .linux)
        #expect(result.exitCode == 0)
        #expect(try String(contentsOfFile: unit.path, encoding: .utf8) == unit.contents)
        #expect(result.standardOutput == """
            wrote \(unit.path)
            start it now and at every login with:
              \(unit.activationCommand)
            \(unit.notes.joined(separator: "\n"))

            """)
    }

    @Test func noConfigFileDrawsAWarning() async throws {
        let h = try CliHarness()
        h.useB2Environment()  // the shell has them; the service will not
        let result = await h.run(["install", "--agent", "goose", "--print", "--platform", "linux"])
        #expect(result.exitCode == 0)
        #expect(result.standardError.contains("agent-backup: warning: no config file at \(h.configPath()): a service does not see your shell's B2_* variables"))
    }

    @Test func aConfigTheServiceCannotUseDrawsAWarning() async throws {
        let h = try CliHarness()
        try h.writeConfig(#"{"bucket": "b"}"#)
        let result = await h.run(["install", "--agent", "goose", "--print", "--platform", "linux"])
        #expect(result.exitCode == 0)
        #expect(result.standardError.contains("agent-backup: warning: the service will fail to start with \(h.configPath()) as it is: Backblaze B2 needs keyId, applicationKey and bucket"))
    }

    @Test func aMalformedConfigIsExitTwo() async throws {
        let h = try CliHarness()
        try h.writeConfig("{")
        let result = await h.run(["install", "--agent", "goose", "--print"])
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("is not valid JSON: line 1, column 2"))
    }

    @Test func anUnknownProgramPathIsExitOne() async throws {
        let h = try CliHarness()
        let result = await h.run(["install", "--agent", "goose"], executablePath: nil)
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("cannot tell where this program is"))
    }
}
