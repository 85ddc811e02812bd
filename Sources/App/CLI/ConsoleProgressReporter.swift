import AgentBackupPorts
import Foundation
import Logging

/// The engine's `ProgressReporter` for the CLI: a redrawn bar on stderr when it is a terminal
/// (at most 10 redraws a second), nothing otherwise; `.message` notes are logged at info level
/// either way so a daemon's journal shows them too.
public final class ConsoleProgressReporter: ProgressReporter, @unchecked Sendable {
    private let console: Console
    private let logger: Logger
    private let now: @Sendable () -> Double
    private let lock = NSLock()
    private var renderer = ProgressRenderer()
    private var lastDraw: Double = -.infinity
    private static let redrawInterval = 0.1

    /// `now` is seconds on any monotonic origin (injected for tests).
    public init(console: Console, logger: Logger, now: @escaping @Sendable () -> Double = ConsoleProgressReporter.monotonicSeconds) {
        self.console = console
        self.logger = logger
        self.now = now
    }

    public func report(_ event: ProgressEvent) {
        let t = now()
        let (note, line): (String?, String?) = lock.withLock {
            let note = renderer.apply(event, now: t)
            let isPhase: Bool
            if case .phase = event { isPhase = true } else { isPhase = false }
            guard console.isErrorTerminal, isPhase || t - lastDraw >= Self.redrawInterval else { return (note, nil) }
            lastDraw = t
            return (note, renderer.line(now: t))
        }
        if let note { logger.info("\(note)") }
        if let line { console.setStatus(line) }
    }

    /// Clears the bar (call when the operation ends, before printing the summary).
    public func finish() {
        console.setStatus(nil)
    }

    /// Seconds since an arbitrary origin, never going back.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let d = ContinuousClock.now - ContinuousClock.Instant.processStart
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

extension ContinuousClock.Instant {
    /// A fixed origin for `monotonicSeconds`.
    static let processStart = ContinuousClock.now
}
