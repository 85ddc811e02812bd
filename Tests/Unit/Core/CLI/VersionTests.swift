import AgentBackup
import AgentBackupVersion
import Foundation
import Testing

/// One version source: the semver constant plus the build's commit, in `--version`, every
/// `--json` document and the store requests' User-Agent.
@Suite("--version and the version in every JSON document")
struct VersionTests {
    @Test func theConstantIsASemanticVersion() throws {
        let semver = try Regex(#"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$"#)
        #expect(AgentBackupVersion.semver.wholeMatch(of: semver) != nil, "\(AgentBackupVersion.semver)")
        #expect(AgentBackupVersion.display.hasPrefix(AgentBackupVersion.semver))
        if let commit = AgentBackupVersion.commit {
            #expect(commit.count == 12 && commit.allSatisfy(\.isHexDigit), "a short hash: \(commit)")
            #expect(AgentBackupVersion.display.contains("commit \(commit)"))
        }
        #expect(AgentBackupVersion.userAgentProduct == "agent-backup/\(AgentBackupVersion.semver)")
    }

    @Test func versionFlagPrintsOnStdoutAndRunsNothing() async throws {
        let h = try CliHarness()
        let result = await h.run(["--version"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "agent-backup \(AgentBackupVersion.display)\n")
        #expect(result.standardError.isEmpty)
        #expect(h.services.calls.isEmpty)
    }

    @Test func thePerAgentCommandSaysWhichAgentBackupItIs() async throws {
        let h = try CliHarness()
        let result = await h.run(["--version"], programName: "goose-b2-backup")
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "goose-b2-backup (agent-backup \(AgentBackupVersion.display))\n")
        #expect(h.services.calls.isEmpty, "no lock, no store: nothing runs")
        #expect(PerAgentCommandLine.usage(programName: "goose-b2-backup", agentID: "goose").contains("--version"))
    }

    @Test func stampingPutsTheVersionFirstInTheTopLevelObject() throws {
        let stamped = VersionedJSON.stamp(Array(#"{"files":3,"outcome":"pushed"}"#.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stamped)) as? [String: Any])
        let field = try #require(object["agentBackup"] as? [String: Any])
        #expect(field["version"] as? String == AgentBackupVersion.semver)
        #expect(field["commit"] as? String == AgentBackupVersion.commit)
        #expect(object["files"] as? Int == 3)
        #expect(String(decoding: stamped, as: UTF8.self).hasPrefix(#"{"agentBackup":{"#))
    }

    @Test func anEmptyObjectAndNonObjectsAreHandled() throws {
        let empty = String(decoding: VersionedJSON.stamp(Array(" { } ".utf8)), as: UTF8.self)
        #expect(empty == " {\"agentBackup\":" + String(decoding: VersionedJSON.fieldBytes, as: UTF8.self) + " } ")
        #expect(try JSONSerialization.jsonObject(with: Data(empty.utf8)) is [String: Any])
        #expect(VersionedJSON.stamp(Array("[1,2]".utf8)) == Array("[1,2]".utf8), "not an object: unchanged")
        #expect(VersionedJSON.stamp([]) == [])
    }
}
