import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts

/// The hook entries that make Claude Code push its state to agent-backup, in the schema of its
/// settings file (`~/.claude/settings.json`, or `$CLAUDE_CONFIG_DIR/settings.json`):
///
/// ```json
/// "hooks": {
///   "Stop":       [{"hooks": [{"type": "command", "command": "… push --agent claude-code --debounce 5m", "async": true, "timeout": 600}]}],
///   "SessionEnd": [{"hooks": [{"type": "command", "command": "… push --agent claude-code --debounce 0s", "timeout": 120}]}]
/// }
/// ```
///
/// `Stop` fires after every answer: in the background (`async`, Claude Code does not wait) and
/// at most once per 5 minutes, so a long session is backed up while it runs. `SessionEnd` fires
/// when a session ends (exit, `/clear`, logout) and waits for the push (at most 120 s), so the
/// final state is sent; `0s` only skips while another push of the agent runs (the `Stop` one
/// started after the last answer). Neither event lets a hook block Claude Code through its exit
/// code in these modes (an async hook's result is ignored; `SessionEnd` cannot block).
public enum ClaudeCodeHooks {
    /// One event's entry.
    public struct Entry: Sendable, Equatable {
        public var event: String
        public var command: String
        public var group: JSONValue
    }

    /// The settings file the hooks go in.
    public static func settingsPath(environment: [String: String], home: String) -> String {
        if let folder = environment["CLAUDE_CONFIG_DIR"], !folder.isEmpty {
            return LocalPath.normalize(folder.hasPrefix("~/") ? home + folder.dropFirst() : folder) + "/settings.json"
        }
        return home + "/.claude/settings.json"
    }

    /// The entries for the program at `executable` (an absolute path).
    public static func entries(executable: String) -> [Entry] {
        let program = ShellQuoting.quoted(executable)
        return [
            entry("Stop", command: "\(program) push --agent claude-code --debounce 5m", async: true, timeout: 600),
            entry("SessionEnd", command: "\(program) push --agent claude-code --debounce 0s", async: false, timeout: 120),
        ]
    }

    private static func entry(_ event: String, command: String, async: Bool, timeout: Int) -> Entry {
        var hook: [(String, JSONValue)] = [("type", .string("command")), ("command", .string(command))]
        if async { hook.append(("async", .bool(true))) }
        hook.append(("timeout", .number(String(timeout))))
        return Entry(event: event, command: command, group: .members([("hooks", .list([.members(hook)]))]))
    }

    /// The whole `{"hooks": {…}}` document, for printing.
    public static func document(_ entries: [Entry]) -> String {
        JSONWriter.text(.members([("hooks", .members(entries.map { ($0.event, .list([$0.group])) }))]), indent: "", unit: "  ")
    }
}

/// POSIX shell quoting for a path inside a hook's command line.
public enum ShellQuoting {
    /// The path as is when it holds only safe characters, else in single quotes.
    public static func quoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._+-:@%=,".unicodeScalars.contains(scalar))
        }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
