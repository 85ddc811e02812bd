import AgentBackupPorts

/// A `ProgressReporter` that keeps every event, so tests can check what a run told the user.
public final class RecordingProgress: ProgressReporter {
    private let state = Locked([ProgressEvent]())

    public init() {}

    public func report(_ event: ProgressEvent) {
        state.withLock { $0.append(event) }
    }

    /// Every event, in order.
    public var events: [ProgressEvent] { state.withLock { $0 } }

    /// The names of the phases, in order.
    public var phases: [String] {
        events.compactMap { if case .phase(let name, _, _) = $0 { return name } else { return nil } }
    }

    /// The paths reported as done, in order.
    public var filesDone: [String] {
        events.compactMap { if case .fileDone(let path, _) = $0 { return path } else { return nil } }
    }

    /// The sum of every `.bytes` event.
    public var bytesReported: Int64 {
        events.reduce(0) { sum, event in if case .bytes(let n) = event { return sum + n } else { return sum } }
    }

    /// The `.message` texts, in order.
    public var messages: [String] {
        events.compactMap { if case .message(let text) = $0 { return text } else { return nil } }
    }
}
