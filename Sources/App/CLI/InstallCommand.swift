import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// `agent-backup install`: write the OS service that runs the daemon at login.
public struct InstallCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Write the OS service (systemd user unit or launchd agent) that runs the daemon, or an agent's hook.",
        discussion: """
            Linux: ~/.config/systemd/user/com.backblaze.agent-backup.<id>.service; macOS: \
            ~/Library/LaunchAgents/com.backblaze.agent-backup.<id>.plist. Prints the command that \
            starts it. A service does not see your shell's B2_* variables: put the settings in \
            ~/.config/<id>-b2-backup/config.json (mode 600).

            --hook claude-code prints the entries of Claude Code's settings.json that push when a \
            session ends (and at most every 5 minutes while it runs); with --write they are merged \
            into ~/.claude/settings.json (a copy of the file is kept first; a second --write adds \
            nothing).

            """ + "\n" + CliExitCode.helpText)

    @OptionGroup public var agent: AgentChoice

    @Option(name: .long, help: ArgumentHelp("Instead of a service: the hook that pushes from this agent (claude-code).", valueName: "agent"))
    public var hook: String?

    @Flag(name: .long, help: "With --hook: merge the hook into the agent's settings file.")
    public var write = false

    @Flag(name: .long, help: "Print the service file on stdout; write nothing.")
    public var print = false

    @Option(name: .long, help: ArgumentHelp("The service manager to write for (default: this machine's).", valueName: "linux|macos"))
    public var platform: ServicePlatform = .host

    public init() {}

    public func validate() throws {
        if hook != nil {
            guard agent.agent == nil, agent.adapter == nil else { throw ValidationError("--hook names the agent: give it without --agent or --adapter") }
            guard !print else { throw ValidationError("--hook prints the hook unless --write is given: --print is for services") }
            return
        }
        if write { throw ValidationError("--write goes with --hook AGENT (a service file is always written unless --print)") }
        try AgentOptions.check(agent: agent.agent, adapter: agent.adapter, required: true)
    }

    public func run() async throws {
        let context = try CliContext.requireCurrent()
        if let hook {
            return try HookInstall.run(agent: hook, write: write, verbose: agent.verbose)
        }
        let selection = agent.selection(in: context)!
        try InstallRun.run(selection: selection, verbose: agent.verbose, platform: platform, printOnly: print) { executable, agentID in
            switch selection {
            case .builtIn(let id): return [executable, "daemon", "--agent", id]
            case .adapterFile(let path): return [executable, "daemon", "--adapter", path]
            // A program with its adapter compiled in runs its daemon with no arguments.
            case .adapter: return [executable]
            }
        }
    }
}

extension ServicePlatform: ExpressibleByArgument {}

/// `install`, shared by `agent-backup install` and the per-agent `--install`.
enum InstallRun {
    static func run(
        selection: AgentSelection, verbose: Bool, platform: ServicePlatform, printOnly: Bool,
        programArguments: (_ executable: String, _ agentID: String) -> [String]
    ) throws {
        let context = try CliContext.requireCurrent()
        let logger = context.makeLogger(verbose: verbose)
        let services = context.services
        let agent = try services.resolveAgent(selection, environment: context.environment)
        guard let home = context.environment["HOME"], home.hasPrefix("/") else {
            throw ConfigurationError(.missingHome, key: "HOME", message: "HOME is not set to an absolute path; the service file goes under your home folder")
        }
        guard let executable = context.executablePath else {
            logger.error("cannot tell where this program is: run it by its absolute path (e.g. /usr/local/bin/agent-backup install …)")
            throw CommandExit(.failed)
        }

        // What the service will see: the config file only, never this shell's variables.
        let configPath = Configuration.filePath(id: agent.id, home: home)
        if let file = try ConfigFile.load(path: configPath, fileSystem: services.fileSystem) {
            do {
                let serviceView = try Configuration.resolve(id: agent.id, home: home, path: configPath, file: file, environment: ["HOME": home])
                for warning in serviceView.warnings { logger.warning("\(warning.message)") }
            } catch {
                logger.warning("the service will fail to start with \(configPath) as it is: \(error.message)")
            }
        } else {
            logger.warning("no config file at \(configPath): a service does not see your shell's B2_* variables, so it would back up to the local store only. Create it (chmod 600) with keyId, applicationKey, bucket and encryptionKey")
        }

        let unit = ServiceUnit.make(agentID: agent.id, programArguments: programArguments(executable, agent.id), home: home, platform: platform)
        if printOnly {
            context.console.output(unit.contents)
            logger.info("not written (--print); it belongs in \(unit.path) and is started with: \(unit.activationCommand)")
            return
        }
        let directory = String(unit.path[..<unit.path.lastIndex(of: "/")!])
        try services.fileSystem.createDirectory(directory, mode: 0o755)
        try services.fileSystem.writeFileAtomically(unit.path, contents: Array(unit.contents.utf8), mode: 0o644)
        var text = "wrote \(unit.path)\nstart it now and at every login with:\n  \(unit.activationCommand)\n"
        for note in unit.notes { text += "\(note)\n" }
        context.console.output(text)
    }
}
