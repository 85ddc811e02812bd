import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupRunner
import Foundation

/// `agent-backup install --hook claude-code [--write]`: prints the hook entries that make Claude
/// Code push its state when a session ends (and, in the background, at most every 5 minutes
/// while it runs), or merges them into its settings file: a copy of the file is kept first,
/// nothing else in it changes, and a second `--write` adds nothing.
enum HookInstall {
    /// The agents whose hooks this command knows how to write. Others: see docs/CLI.md.
    static let supported = ["claude-code"]

    static func run(agent: String, write: Bool, verbose: Bool) throws {
        let context = try CliContext.requireCurrent()
        let logger = context.makeLogger(verbose: verbose)
        guard supported.contains(agent) else {
            logger.error("--hook \(agent): agent-backup writes hooks for \(supported.joined(separator: ", ")) only; docs/CLI.md (\"Pushes from agent hooks\") shows what other agents offer and the command to put in them")
            throw CommandExit(.usage)
        }
        guard let home = context.environment["HOME"], home.hasPrefix("/") else {
            throw ConfigurationError(.missingHome, key: "HOME", message: "HOME is not set to an absolute path; Claude Code's settings are under your home folder")
        }
        guard let executable = context.executablePath else {
            logger.error("cannot tell where this program is: run it by its absolute path (e.g. /usr/local/bin/agent-backup install --hook claude-code)")
            throw CommandExit(.failed)
        }
        let entries = ClaudeCodeHooks.entries(executable: executable)
        let path = ClaudeCodeHooks.settingsPath(environment: context.environment, home: home)
        guard write else {
            context.console.output(ClaudeCodeHooks.document(entries) + "\n")
            logger.info("not written: merge this into \(path) (into its \"hooks\" if it has some), or run again with --write to do it (a copy of the file is kept first)")
            return
        }
        try writeEntries(entries, to: path, context: context)
    }

    /// Merges `entries` into the settings file at `path` (following a symbolic link to the real
    /// file, so a settings file kept in a dotfiles repository stays linked).
    private static func writeEntries(_ entries: [ClaudeCodeHooks.Entry], to path: String, context: CliContext) throws {
        let fileSystem = context.services.fileSystem
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { link in
            link.hasPrefix("/") ? link : LocalPath.parent(path) + "/" + link
        } ?? path
        let folder = LocalPath.parent(target)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            context.console.error("\(context.programName): error: \(folder) does not exist: is Claude Code installed? Run `claude` once, then run this again\n")
            throw CommandExit(.failed)
        }
        let status = try fileSystem.status(target)
        let original = status == nil ? [] : try fileSystem.readFile(target)
        let result: SettingsHookMerge.Result
        do {
            result = try SettingsHookMerge.merge(entries, into: original, marker: "push --agent claude-code")
        } catch {
            context.console.error("\(context.programName): error: \(target) \(error.reason); fix it by hand (nothing was changed), or add the entries `agent-backup install --hook claude-code` prints\n")
            throw CommandExit(.failed)
        }
        var lines: [String] = []
        if !result.added.isEmpty {
            var backup: String?
            if status != nil {
                let stamp = LastPushRecord.isoFormatter().string(from: context.services.clock.now())
                    .replacingOccurrences(of: ":", with: "-").replacingOccurrences(of: ".", with: "-")
                backup = "\(target).agent-backup-\(stamp).bak"
                try fileSystem.writeFileAtomically(backup!, contents: original, mode: status!.mode & 0o777)
            }
            try fileSystem.writeFileAtomically(target, contents: result.bytes, mode: status.map { $0.mode & 0o777 } ?? 0o600)
            lines.append("added the \(result.added.joined(separator: " and ")) hook\(result.added.count == 1 ? "" : "s") to \(target)"
                + (backup.map { " (the previous file is kept as \($0))" } ?? ""))
        }
        if !result.present.isEmpty {
            lines.append("already in \(target): \(result.present.joined(separator: ", ")) (not added again)")
        }
        for (event, command) in result.different {
            lines.append("\(event) already runs another agent-backup push of claude-code, left as it is: \(command)")
        }
        if !result.added.isEmpty {
            lines.append("Claude Code runs them from its next session. Push once by hand first (`agent-backup push --agent claude-code`): the first push sends everything and may take longer than a hook is given.")
        }
        context.console.output(lines.joined(separator: "\n") + "\n")
    }
}
