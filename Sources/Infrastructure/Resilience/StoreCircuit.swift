import AgentBackupPorts
import Foundation

/// The health of one store as every request of a run sees it: a circuit breaker as a plain value
/// (times passed in, no clock, no lock), so its rules are tested without I/O.
///
/// - **Closed** (normal): requests go out. The first failure after a success starts a failure
///   window (`failingSince`, the start of that failed attempt); any answer from the store (a
///   success, or a refusal such as 404) closes it.
/// - **Paused**: once the window is `policy.pauseAfter` old, the store is taken to be down for
///   everyone. New attempts wait; ONE probe at a time goes out, at the policy's backoff. A probe
///   that gets an answer closes the circuit and wakes everyone.
/// - **Down**: once the window is `policy.budget` old, waiting requests give up with one error
///   naming the store and the last failure (`downError`). A request arriving later still gets a
///   probe when one is due, and a circuit idle for a whole budget starts afresh (a daemon's next
///   run gets its full budget).
public struct StoreCircuit: Sendable {
    /// What a request about to make an attempt must do.
    public enum Admission: Sendable, Equatable {
        /// Go ahead.
        case go
        /// Go ahead as the only probe (report the outcome with `wasProbe: true`).
        case probe
        /// Wait until this instant (or until the state changes), then ask again.
        case wait(until: Date)
        /// The store has failed every request for the whole budget: give up with this error.
        case down(StoreError)
    }

    /// A change worth telling the user about.
    public enum Transition: Sendable, Equatable {
        /// Transfers paused: the store has failed every request since `since`.
        case paused(since: Date, lastError: StoreError)
        /// The store answered again after a pause that began at `pausedAt`.
        case resumed(pausedAt: Date)
    }

    public let policy: RetryPolicy
    /// The store's name for messages (`s3://bucket (endpoint)`).
    public let storeName: String
    /// Start of the first failed attempt since the last answer; nil while healthy.
    public private(set) var failingSince: Date?
    /// The most recent transient failure.
    public private(set) var lastError: StoreError?
    /// When the pause began; nil when not paused.
    public private(set) var pausedAt: Date?
    /// Whether a probe is out.
    public private(set) var probeInFlight = false
    /// When the next probe may go out (while paused).
    public private(set) var nextProbeAt: Date?
    /// Failed probes since the pause began (their backoff grows).
    public private(set) var probeFailures = 0
    /// The last time an attempt began or ended: a circuit idle for a budget starts afresh.
    public private(set) var lastActivity: Date?

    public init(policy: RetryPolicy, storeName: String) {
        self.policy = policy
        self.storeName = storeName
    }

    /// Whether transfers are paused (the store failed every request for `pauseAfter`).
    public var isPaused: Bool { pausedAt != nil }

    /// The instant the store counts as down (the window's start plus the budget), while failing.
    public var downAt: Date? { failingSince.map { $0.addingTimeInterval(policy.budget) } }

    /// Decides for a request that wants to make an attempt at `now`.
    public mutating func admit(now: Date) -> (Admission, Transition?) {
        if let last = lastActivity, failingSince != nil, !probeInFlight,
            now.timeIntervalSince(last) >= max(policy.budget, policy.pauseAfter)
        {
            reset()
        }
        let transition = pauseIfDue(now: now)
        guard isPaused, let downAt else {
            lastActivity = now
            return (.go, transition)
        }
        if !probeInFlight, let next = nextProbeAt, now >= next {
            probeInFlight = true
            lastActivity = now
            return (.probe, transition)
        }
        if now >= downAt { return (.down(downError(now: now)), transition) }
        let probeTime = probeInFlight ? downAt : min(nextProbeAt ?? downAt, downAt)
        return (.wait(until: probeTime), transition)
    }

    /// An attempt got an answer from the store (success or refusal): the store is up.
    public mutating func answered(now: Date, wasProbe: Bool) -> Transition? {
        if wasProbe { probeInFlight = false }
        lastActivity = now
        let transition = pausedAt.map { Transition.resumed(pausedAt: $0) }
        reset()
        return transition
    }

    /// An attempt that began at `started` failed transiently at `now`; `unit` (0..<1) jitters
    /// the next probe.
    public mutating func failed(started: Date, now: Date, error: StoreError, wasProbe: Bool, unit: Double) -> Transition? {
        lastActivity = now
        lastError = error
        if failingSince == nil { failingSince = started }
        if wasProbe {
            probeInFlight = false
            probeFailures += 1
            let wait = policy.delay(forRetry: probeFailures, retryAfter: error.retryAfterSeconds, unit: unit)
            nextProbeAt = now.addingTimeInterval(wait)
        }
        return pauseIfDue(now: now)
    }

    /// An attempt ended with no verdict on the store (cancelled, a local error): frees the probe slot.
    public mutating func abandoned(wasProbe: Bool) {
        if wasProbe { probeInFlight = false }
    }

    /// The one error every waiting request gives up with once the store counts as down.
    public func downError(now: Date) -> StoreError {
        let since = failingSince ?? now
        let last = lastError
        let lastText = last.map { "last error: \($0.description)" } ?? "no answer"
        return StoreError(
            .transient, operation: last?.operation ?? "REQUEST", key: last?.key, httpStatus: last?.httpStatus,
            serverCode: last?.serverCode,
            message: "\(storeName) has failed every request for \(Self.duration(now.timeIntervalSince(since))) "
                + "(the retry budget is \(Self.duration(policy.budget))); \(lastText)",
            hint: "check the network and the store's status, then run again")
    }

    /// Pauses when the failure window has lasted `pauseAfter`.
    private mutating func pauseIfDue(now: Date) -> Transition? {
        guard !isPaused, let since = failingSince, now.timeIntervalSince(since) >= policy.pauseAfter,
            let lastError
        else { return nil }
        pausedAt = now
        nextProbeAt = now
        probeFailures = 0
        return .paused(since: since, lastError: lastError)
    }

    private mutating func reset() {
        failingSince = nil
        pausedAt = nil
        nextProbeAt = nil
        probeFailures = 0
    }

    /// `45s`, `5m00s`, `1h05m`.
    static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + String(format: "%02d", s % 60) + "s" }
        return "\(s / 3600)h" + String(format: "%02d", (s % 3600) / 60) + "m"
    }
}
