import Foundation
import Testing

/// Bad input through the built binary: refused before anything runs, with the right exit code.
@Suite("agent-backup binary: usage and configuration errors")
struct BinaryUsageTests {
    @Test(arguments: [["--bogus"], ["--once", "--bogus"], ["--once", "--install"], ["push"]])
    func perAgentUnknownFlagsAreRefusedBeforeAnythingRuns(arguments: [String]) throws {
        let binary = try BuiltBinary()
        binary.environment["B2_KEY_ID"] = "k"
        binary.environment["B2_APPLICATION_KEY"] = "s"
        binary.environment["B2_BUCKET"] = "b"
        let result = try binary.run(arguments, executable: try binary.perAgentLink())
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("goose-b2-backup: error: "))
        #expect(result.standardError.contains("Usage: goose-b2-backup [--once | --install | --help]"))
        #expect(!binary.toolFolderExists, "nothing may run: no lock, no store, no cache")
    }

    @Test func perAgentHelp() throws {
        let binary = try BuiltBinary()
        for flag in ["--help", "-h"] {
            let result = try binary.run([flag], executable: try binary.perAgentLink())
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.standardOutput.hasPrefix("Usage: goose-b2-backup [--once | --install | --help]\n"))
        }
        #expect(!binary.toolFolderExists)
    }

    @Test func unknownOptionOfASubcommand() throws {
        let binary = try BuiltBinary()
        let result = try binary.run(["push", "--agent", "goose", "--bogus"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("Unknown option '--bogus'"))
        #expect(!binary.toolFolderExists)
    }

    @Test func missingCredentialsNameTheVariablesAndTheFile() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_BUCKET"] = "bucket"
        for (arguments, executable) in [(["push", "--agent", "goose"], nil), (["--once"], try binary.perAgentLink())] as [([String], String?)] {
            let result = try binary.run(arguments, executable: executable)
            #expect(result.exitCode == 2, "\(result)")
            #expect(result.standardError.contains("missing: keyId (B2_KEY_ID), applicationKey (B2_APPLICATION_KEY)"), "\(result)")
            #expect(result.standardError.contains(binary.configPath()))
        }
        #expect(!binary.toolFolderExists)
    }

    @Test func aMalformedConfigNamesTheFileAndTheLine() throws {
        let binary = try BuiltBinary()
        try binary.writeConfig("{\n  \"keyId\": \"k\",\n  \"bucket\": \"b\"\n  \"applicationKey\": \"s\"\n}\n")
        let result = try binary.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError == "agent-backup: error: the config file \(binary.configPath()) is not valid JSON: line 4, column 3: unexpected '\"'; expected ',' or '}' after the value of \"bucket\". Fix the file or remove it\n")
        #expect(!binary.toolFolderExists)
    }

    @Test func wrongTypesInTheConfig() throws {
        let binary = try BuiltBinary()
        try binary.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "keepSnapshots": "ten"}"#)
        let result = try binary.run(["push", "--agent", "goose"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("keepSnapshots in \(binary.configPath()) is a string (\"ten\"); expected a whole number of snapshots to keep"))
    }

    @Test func anUnknownAgent() throws {
        let binary = try BuiltBinary()
        let result = try binary.run(["push", "--agent", "no-such-agent"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("no built-in adapter \"no-such-agent\""))
    }

    @Test func noSubcommandIsAUsageError() throws {
        let result = try BuiltBinary().run([])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("SUBCOMMANDS:"))
    }
}
