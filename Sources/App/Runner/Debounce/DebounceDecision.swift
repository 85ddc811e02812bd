import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// Whether a `push --debounce` runs, decided from the last recorded push and the clock alone
/// (pure, so every case is tested without files or processes).
public enum DebounceDecision: Sendable, Equatable {
    /// Push now.
    case push
    /// Do nothing: a push finished `elapsed` seconds ago, inside the window.
    case recent(finished: Date, elapsed: Double)

    /// A record from the future (the clock was set back) never holds a push back.
    public static func decide(last: LastPushRecord?, now: Date, window: DebounceWindow) -> DebounceDecision {
        guard let last else { return .push }
        let elapsed = now.timeIntervalSince(last.finished)
        guard elapsed >= 0, elapsed < Double(window.seconds) else { return .push }
        return .recent(finished: last.finished, elapsed: elapsed)
    }
}
