import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts

/// How long after a finished push a hook's push does nothing (`push --debounce 5m`). Agents fire
/// their hooks often (Claude Code's `Stop` after every turn); the window turns a burst of them
/// into at most one push, as the reference engine's debounce gate does (5 minutes by default there).
public struct DebounceWindow: Sendable, Equatable, CustomStringConvertible {
    /// Whole seconds, 0 or more. Zero still skips while another push of the agent is running.
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = max(0, seconds)
    }

    /// `90s`, `5m`, `1h`, `1h30m` (as `@every` schedules read them), or a number of seconds (`300`).
    public init(parsing text: String) throws(DebounceWindowError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let plain = Int(trimmed), plain >= 0 {
            self.init(seconds: plain)
            return
        }
        guard !trimmed.isEmpty, let seconds = try? DurationText.seconds(trimmed, maximum: 366 * 86_400) else {
            throw DebounceWindowError(text: text)
        }
        self.init(seconds: Int(seconds))
    }

    /// `5m`, `1h30m`, `45s`, `0s`: how the window is written back in messages.
    public var description: String {
        if seconds == 0 { return "0s" }
        var text = ""
        let hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 { text += "\(rest)s" }
        return text
    }
}

/// `--debounce` was given something that is not a duration.
public struct DebounceWindowError: Error, Sendable, Equatable, CustomStringConvertible {
    public var text: String

    public init(text: String) {
        self.text = text
    }

    public var description: String {
        "\"\(text)\" is not a duration: use seconds, minutes or hours such as 90s, 5m, 1h (or a number of seconds)"
    }
}
