import AgentBackup
import Testing

@Suite("Per-agent command line, as the reference parses it")
struct PerAgentCommandLineTests {
    @Test(arguments: [
        ([], PerAgentCommandLine.daemon), (["--once"], .once), (["--install"], .install),
        (["--help"], .help), (["-h"], .help), (["--once", "--help"], .help),
    ])
    func accepted(arguments: [String], mode: PerAgentCommandLine) throws {
        #expect(try PerAgentCommandLine.parse(arguments) == mode)
    }

    @Test(arguments: [
        (["--bogus"], "unknown option \"--bogus\""),
        (["--once", "--bogus"], "unknown option \"--bogus\""),
        (["--help", "-x"], "unknown option \"-x\""),
        (["now"], "unexpected argument \"now\""),
        (["--once", "--install"], "use one of --once and --install, not --once --install"),
        (["--once", "--once"], "use one of --once and --install, not --once --once"),
        (["--ONCE"], "unknown option \"--ONCE\""),
    ])
    func refused(arguments: [String], message: String) {
        #expect(throws: PerAgentUsageError(message: message)) { try PerAgentCommandLine.parse(arguments) }
    }

    @Test(arguments: [
        ("goose-b2-backup", "goose"), ("claude-code-b2-backup", "claude-code"), ("agent-backup", nil), ("-b2-backup", nil), ("goose-b2-backup-old", nil),
    ] as [(String, String?)])
    func agentIDFromTheProgramName(name: String, id: String?) {
        #expect(PerAgentCommandLine.agentID(programName: name) == id)
    }

    @Test func usageNamesTheFlagsTheConfigFileAndTheExitCodes() {
        let usage = PerAgentCommandLine.usage(programName: "goose-b2-backup", agentID: "goose")
        #expect(usage.hasPrefix("Usage: goose-b2-backup [--once | --install | --help]\n"))
        #expect(usage.contains("~/.config/goose-b2-backup/config.json"))
        #expect(usage.contains("  3  integrity failure"))
    }
}
