import AgentBackupPorts
import AgentBackupVersion
import ArgumentParser
import Foundation
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupDomain

/// The command-line entry. `main` calls this and nothing else; the exit code is returned, never
/// `exit()`ed, so tests run the whole CLI in-process.
public func runCli(arguments: [String] = CommandLine.arguments) async -> Int32 {
    let context = liveContext(argv0: arguments.first ?? "agent-backup")
    return await runCli(arguments: arguments, context: context)
}

/// The entry of a per-agent tool written in Swift: `exit(await runCli(adapter: myAdapter))` gives
/// `<id>-b2-backup [--once | --install | --help]` for that adapter, exactly like the reference's
/// per-agent commands (no flag runs the daemon; unknown flags are refused before anything runs).
public func runCli(adapter: Adapter, arguments: [String] = CommandLine.arguments) async -> Int32 {
    let context = liveContext(argv0: arguments.first ?? "\(adapter.id)-b2-backup")
    return await CliContext.$current.withValue(context) {
        await runPerAgent(
            agentID: adapter.id, selection: .adapter(adapter), arguments: Array(arguments.dropFirst()), context: context)
    }
}

/// Runs the CLI with an explicit context (tests: fake services, captured console, temp HOME).
/// `arguments[0]` is the program name: `<id>-b2-backup` selects the per-agent command.
public func runCli(arguments: [String], context: CliContext) async -> Int32 {
    let name = programName(arguments.first ?? "agent-backup")
    var context = context
    context.programName = name
    let rest = Array(arguments.dropFirst())
    return await CliContext.$current.withValue(context) {
        if let agentID = PerAgentCommandLine.agentID(programName: name) {
            return await runPerAgent(agentID: agentID, selection: .builtIn(id: agentID), arguments: rest, context: context)
        }
        return await runAgentBackup(arguments: rest, context: context)
    }
}

private func programName(_ argv0: String) -> String {
    argv0.split(separator: "/").last.map(String.init) ?? argv0
}

/// `agent-backup <subcommand> …` through swift-argument-parser.
private func runAgentBackup(arguments: [String], context: CliContext) async -> Int32 {
    var command: any ParsableCommand
    do {
        command = try AgentBackupCommand.parseAsRoot(arguments)
    } catch {
        return parserOutcome(error, context: context)
    }
    if command is AgentBackupCommand {
        // No subcommand: a usage error (nothing was run), with the help to say what exists.
        context.console.error("\(context.programName): error: say what to do, e.g. `agent-backup push --agent goose`\n\n" + AgentBackupCommand.helpMessage() + "\n")
        return CliExitCode.usage.rawValue
    }
    do {
        guard var asyncCommand = command as? any AsyncParsableCommand else {
            // `--help`, `help <subcommand>`: the parser's own command, which "fails" with the help.
            do { try command.run() } catch { return parserOutcome(error, context: context) }
            return CliExitCode.success.rawValue
        }
        try await asyncCommand.run()
        return CliExitCode.success.rawValue
    } catch let error where error is CleanExit || error is ValidationError || error is ExitCode {
        return parserOutcome(error, context: context)
    } catch {
        return report(error, context: context)
    }
}

/// Help, version and completion requests print on stdout and exit 0; usage errors print the
/// message and usage on stderr and exit 2.
private func parserOutcome(_ error: any Error, context: CliContext) -> Int32 {
    let message = AgentBackupCommand.fullMessage(for: error)
    if AgentBackupCommand.exitCode(for: error) == .success {
        if !message.isEmpty { context.console.output(message + "\n") }
        return CliExitCode.success.rawValue
    }
    context.console.error(message + "\n")
    return CliExitCode.usage.rawValue
}

/// `<id>-b2-backup [--once | --install | --help]`: parsed completely before anything runs.
private func runPerAgent(
    agentID: String, selection: AgentSelection, arguments: [String], context: CliContext
) async -> Int32 {
    let mode: PerAgentCommandLine
    do {
        mode = try PerAgentCommandLine.parse(arguments)
    } catch {
        context.console.error("\(context.programName): error: \(error.message)\n\n" + PerAgentCommandLine.usage(programName: context.programName, agentID: agentID))
        return CliExitCode.usage.rawValue
    }
    do {
        switch mode {
        case .help:
            context.console.output(PerAgentCommandLine.usage(programName: context.programName, agentID: agentID))
        case .version:
            context.console.output("\(context.programName) (agent-backup \(AgentBackupVersion.display))\n")
        case .once:
            let invocation = try AgentInvocation.prepare(selection, verbose: false)
            try await invocation.push(json: false, debounce: nil)
        case .install:
            try InstallRun.run(selection: selection, verbose: false, platform: .host, printOnly: false) { executable, _ in [executable] }
        case .daemon:
            try await DaemonRun.run(try AgentInvocation.prepare(selection, verbose: false))
        }
        return CliExitCode.success.rawValue
    } catch {
        return report(error, context: context)
    }
}

/// Logs why a command failed (unless it already did) and returns its exit code.
private func report(_ error: any Error, context: CliContext) -> Int32 {
    let code = CliExitCode(for: error)
    if !(error is CommandExit) {
        context.makeLogger().error("\(String(describing: error))")
    }
    return code.rawValue
}

/// The context of a real process: its console, environment, working folder and live services.
private func liveContext(argv0: String) -> CliContext {
    let environment = ProcessInfo.processInfo.environment
    let services: any CliServices = LiveCliServices(environment: environment)
    let currentDirectory = FileManager.default.currentDirectoryPath
    return CliContext(
        environment: environment, console: Console.standard(), services: services, currentDirectory: currentDirectory,
        executablePath: ExecutableLocator.absolutePath(
            argv0: argv0, environment: environment, currentDirectory: currentDirectory, fileSystem: services.fileSystem),
        programName: programName(argv0))
}
