import Logging
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// What a command invocation runs with: environment, output, services, where it was started.
/// `runCli(arguments:context:)` installs it as a task-local for the parsed command.
public struct CliContext: Sendable {
    public var environment: [String: String]
    public var console: Console
    public var services: any CliServices
    /// The working directory, to make `--adapter`/`--target` paths absolute.
    public var currentDirectory: String
    /// The absolute path of this program as invoked (for a service's ExecStart), when known.
    public var executablePath: String?
    /// `agent-backup`, or `goose-b2-backup` under the per-agent name: starts every log line.
    public var programName: String
    /// Whether the daemon turns SIGTERM/SIGINT into a graceful stop (false in unit tests).
    public var handlesSignals: Bool
    /// A stop request from outside (tests, an embedding app), besides the signals.
    public var daemonShutdown: ShutdownSignal?

    public init(
        environment: [String: String], console: Console, services: any CliServices, currentDirectory: String,
        executablePath: String?, programName: String = "agent-backup", handlesSignals: Bool = true,
        daemonShutdown: ShutdownSignal? = nil
    ) {
        self.daemonShutdown = daemonShutdown
        self.environment = environment
        self.console = console
        self.services = services
        self.currentDirectory = currentDirectory
        self.executablePath = executablePath
        self.programName = programName
        self.handlesSignals = handlesSignals
    }

    /// The context of the running command (set by `runCli`).
    @TaskLocal public static var current: CliContext?

    /// The log level from `AGENT_BACKUP_LOG_LEVEL` (trace, debug, info, notice, warning, error), or `info`.
    public var defaultLogLevel: Logger.Level {
        environment["AGENT_BACKUP_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
    }

    /// A logger writing `<programName>: level: message` to stderr.
    public func makeLogger(verbose: Bool = false) -> Logger {
        ConsoleLogHandler.logger(programName: programName, console: console, level: verbose ? .debug : defaultLogLevel)
    }

    /// `path` made absolute against the working directory (`~/` expanded with HOME).
    public func absolutePath(_ path: String) -> String {
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"] {
            return ExecutableLocator.normalized(home + path.dropFirst(1))
        }
        return ExecutableLocator.normalized(path.hasPrefix("/") ? path : currentDirectory + "/" + path)
    }
}
