import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain
/// The reference per-agent command, `<id>-b2-backup [--once | --install | --help]`, parsed by hand
/// exactly as the reference does: no flag runs the daemon; anything else is refused BEFORE
/// anything runs (exit 2 with the usage). `--version` is ours: a downloaded binary must say
/// what it is under any name.
public enum PerAgentCommandLine: Sendable, Equatable {
    case daemon
    case once
    case install
    case help
    case version

    /// The suffix that marks a per-agent program name.
    public static let nameSuffix = "-b2-backup"

    /// The agent id when `programName` (the basename of argv[0]) is `<id>-b2-backup`.
    public static func agentID(programName: String) -> String? {
        guard programName.hasSuffix(nameSuffix) else { return nil }
        let id = String(programName.dropLast(nameSuffix.count))
        return id.isEmpty ? nil : id
    }

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(PerAgentUsageError) -> PerAgentCommandLine {
        var chosen: [(String, PerAgentCommandLine)] = []
        for argument in arguments {
            switch argument {
            case "--once": chosen.append((argument, .once))
            case "--install": chosen.append((argument, .install))
            case "--help", "-h": chosen.append((argument, .help))
            case "--version": chosen.append((argument, .version))
            default:
                let what = argument.hasPrefix("-") ? "unknown option" : "unexpected argument"
                throw PerAgentUsageError(message: "\(what) \"\(argument)\"")
            }
        }
        if chosen.contains(where: { $0.1 == .help }) { return .help }
        if chosen.contains(where: { $0.1 == .version }) { return .version }
        switch chosen.count {
        case 0: return .daemon
        case 1: return chosen[0].1
        default:
            throw PerAgentUsageError(message: "use one of --once and --install, not \(chosen.map(\.0).joined(separator: " "))")
        }
    }

    /// The text of `--help` and of a usage error.
    public static func usage(programName: String, agentID: String) -> String {
        """
        Usage: \(programName) [--once | --install | --help]

        Backs up \(agentID)'s local state, encrypted, to Backblaze B2 (or any S3 store).

          (no option)  run as a daemon: restore if the folders are empty, back up now,
                       then on the schedule (default daily)
          --once       back up once and exit
          --install    write an OS service that runs the daemon at login, and print
                       how to start it
          -h, --help   show this help
          --version    show the version of agent-backup this command runs

        Settings: ~/.config/\(agentID)-b2-backup/config.json (keyId, applicationKey, bucket,
        encryptionKey, …) or the B2_* environment variables, which win.
        More commands: agent-backup --help.

        \(CliExitCode.helpText)

        """
    }
}

/// A per-agent command line that is refused.
public struct PerAgentUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
