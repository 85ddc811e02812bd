import AgentBackup
import Testing

@Suite("--help on every command, completion scripts")
struct HelpAndCompletionTests {
    static let subcommands = ["push", "restore", "snapshots", "verify", "prune", "daemon", "install", "agents", "doctor"]

    @Test(arguments: subcommands)
    func helpOnEverySubcommand(name: String) async throws {
        let h = try CliHarness()
        for arguments in [[name, "--help"], [name, "-h"], ["help", name]] {
            let result = await h.run(arguments)
            #expect(result.exitCode == 0, "\(arguments)")
            #expect(result.standardOutput.contains("USAGE: agent-backup \(name)"), "\(arguments)")
            #expect(result.standardOutput.contains("Exit codes:"), "\(arguments)")
            #expect(result.standardError.isEmpty)
        }
        #expect(h.services.calls.isEmpty)
    }

    @Test func rootHelpListsEveryCommandAndTheExitCodes() async throws {
        let h = try CliHarness()
        let result = await h.run(["--help"])
        #expect(result.exitCode == 0)
        for name in Self.subcommands {
            #expect(result.standardOutput.contains("  \(name) "))
        }
        #expect(result.standardOutput.contains(CliExitCode.helpText))
        #expect(result.standardOutput.contains("B2_ENDPOINT"))
    }

    @Test func restoreHelpDocumentsItsOptions() async throws {
        let result = await (try CliHarness()).run(["restore", "--help"])
        for option in ["--snapshot <id>", "--target <dir>", "--no-safety", "--delete", "--dry-run", "--json", "--agent <id>", "--adapter <file>"] {
            #expect(result.standardOutput.contains(option), "\(option)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) async throws {
        let h = try CliHarness()
        let result = await h.run(["--generate-completion-script", shell])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("agent-backup"))
        #expect(result.standardOutput.contains("restore"))
        #expect(result.standardOutput.contains("no-safety"))
    }

    @Test func exitCodesAreTheContract() {
        #expect(CliExitCode.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(CliExitCode.helpText == """
            Exit codes:
              0  success (including "no changes")
              1  the operation failed (network, store, files, already running)
              2  usage or configuration error (nothing was run)
              3  integrity failure (hash or authentication mismatch, refused manifest)
            """)
    }
}
