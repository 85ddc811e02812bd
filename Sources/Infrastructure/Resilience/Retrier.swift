import AgentBackupPorts
import Foundation

/// Runs store requests until they succeed, fail permanently, or run out of time: the ONE retry
/// loop of the program. One instance serves a whole run (every request to one store shares its
/// circuit and its tally); `RetryingStore` applies it to every call of a store.
///
/// - Only `StoreError.Code.transient` failures (408, 429, 5xx, resets, timeouts, truncated
///   bodies) are retried; a refusal (403, 404, 400) comes back at once, with its own message.
/// - Each request is retried until `policy.budget` seconds have passed since its first failed
///   attempt began, waiting `policy.delay(…)` between attempts (full jitter, `Retry-After`).
/// - All requests share a `StoreCircuit`: when the store has failed every request for a while,
///   attempts pause together with one probe at a time, and when it has failed for the whole
///   budget every waiting request gives up with one error naming the store and the last failure.
///
/// The clock (sleeping included) and the randomness are injected, so tests are fast and exact.
public final class Retrier: @unchecked Sendable {
    public let policy: RetryPolicy
    /// The store's name in messages.
    public let storeName: String
    private let clock: any WallClock
    private let random: @Sendable () -> Double
    private let observer: @Sendable (RetryEvent) -> Void
    private let lock = NSLock()
    private var circuit: StoreCircuit
    private var tally = RetryTally()

    /// Longest sleep of a request waiting on the paused circuit before it looks again, so
    /// transfers resume within a second of a probe getting through.
    static let pollInterval = 1.0

    /// - Parameters:
    ///   - storeName: shown in the error of a store that is down (`s3://bucket (endpoint)`).
    ///   - random: numbers in `0..<1` for the jitter.
    ///   - observer: told of every retry, recovery, give-up, pause and resumption (synchronously:
    ///     keep it quick).
    public init(
        policy: RetryPolicy = .standard, storeName: String, clock: any WallClock = SystemClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        observer: @escaping @Sendable (RetryEvent) -> Void = { _ in }
    ) {
        self.policy = policy
        self.storeName = storeName
        self.clock = clock
        self.random = random
        self.observer = observer
        self.circuit = StoreCircuit(policy: policy, storeName: storeName)
    }

    /// Retries and waiting so far.
    public var tallySoFar: RetryTally { lock.withLock { tally } }

    /// The shared circuit as it is now (for tests and diagnostics).
    public var circuitState: StoreCircuit { lock.withLock { circuit } }

    /// Runs `body` (given the 1-based attempt number) until it succeeds, throws a non-transient
    /// error (rethrown unchanged), or the budget is spent (the last error comes back, its message
    /// saying how long it was retried). Cancellation stops at once, even mid-wait.
    public func run<T: Sendable>(_ request: RetryRequest, _ body: (_ attempt: Int) async throws -> T) async throws -> T {
        var attempt = 0
        var firstFailure: Date? = nil
        var lastError: StoreError? = nil
        while true {
            try Task.checkCancellation()
            let deadline = firstFailure.map { $0.addingTimeInterval(policy.budget) }
            let admitted: Bool?
            do {
                admitted = try await admit(ownDeadline: deadline)
            } catch let down as StoreError {
                let elapsed = firstFailure.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0
                observer(.gaveUp(request, attempts: attempt, elapsed: elapsed, error: down))
                throw down
            }
            guard let probe = admitted else {
                throw gaveUp(request, attempts: attempt, since: firstFailure!, lastError!)
            }
            attempt += 1
            let started = clock.now()
            do {
                let value = try await body(attempt)
                settle { $0.answered(now: self.clock.now(), wasProbe: probe) }
                if attempt > 1 { observer(.recovered(request, attempt: attempt)) }
                return value
            } catch {
                guard let failure = error as? StoreError, failure.isTransient, !Task.isCancelled else {
                    let answered = (error as? StoreError).map { $0.code != .localIO } ?? false
                    if answered && !Task.isCancelled {
                        settle { $0.answered(now: self.clock.now(), wasProbe: probe) }
                    } else {
                        settleQuietly { $0.abandoned(wasProbe: probe) }
                    }
                    throw error
                }
                let now = clock.now()
                let unit = random()
                settle { $0.failed(started: started, now: now, error: failure, wasProbe: probe, unit: unit) }
                let first = firstFailure ?? started
                firstFailure = first
                lastError = failure
                let elapsed = now.timeIntervalSince(first)
                guard elapsed < policy.budget else {
                    throw gaveUp(request, attempts: attempt, since: first, failure)
                }
                let wait = min(
                    policy.delay(forRetry: attempt, retryAfter: failure.retryAfterSeconds, unit: random()),
                    policy.budget - elapsed)
                lock.withLock {
                    tally.retries += 1
                    tally.waitSeconds += wait
                }
                observer(.retrying(request, attempt: attempt, error: failure, wait: wait, elapsed: elapsed))
                try await clock.sleep(seconds: wait)
            }
        }
    }

    /// Waits until the circuit lets an attempt go; true when it goes as the probe, nil when the
    /// request's own deadline passed while waiting. Throws the circuit's error once the store is
    /// down. Waiting requests look again at least every `pollInterval`.
    private func admit(ownDeadline: Date?) async throws -> Bool? {
        while true {
            let now = clock.now()
            if let ownDeadline, now > ownDeadline { return nil }
            let (admission, transition) = lock.withLock { circuit.admit(now: now) }
            if let transition { announce(transition, now: now) }
            switch admission {
            case .go: return false
            case .probe: return true
            case .down(let error): throw error
            case .wait(let until):
                // At its deadline a request may still make its last attempt, but not wait for one.
                if let ownDeadline, now >= ownDeadline { return nil }
                let target = min(until, ownDeadline ?? until)
                let pause = min(target.timeIntervalSince(now), Self.pollInterval)
                try await clock.sleep(seconds: pause)
                lock.withLock { tally.waitSeconds += pause }
            }
        }
    }

    /// Applies an outcome to the circuit and tells the observer of a pause or resumption.
    private func settle(_ change: (inout StoreCircuit) -> StoreCircuit.Transition?) {
        let transition = lock.withLock { change(&circuit) }
        if let transition { announce(transition, now: clock.now()) }
    }

    private func settleQuietly(_ change: (inout StoreCircuit) -> Void) {
        lock.withLock { change(&circuit) }
    }

    private func announce(_ transition: StoreCircuit.Transition, now: Date) {
        switch transition {
        case .paused(let since, let lastError):
            observer(.paused(store: storeName, since: since, lastError: lastError))
        case .resumed(let pausedAt):
            observer(.resumed(store: storeName, seconds: max(0, now.timeIntervalSince(pausedAt))))
        }
    }

    /// The error of a request whose budget is spent: the circuit's one message naming the store
    /// while transfers are paused (the store is failing everyone, so every transfer ends with the
    /// same words, whichever reaches its end first), else its own last error, saying so.
    private func gaveUp(_ request: RetryRequest, attempts: Int, since first: Date, _ last: StoreError) -> StoreError {
        let now = clock.now()
        let elapsed = max(0, now.timeIntervalSince(first))
        let down = lock.withLock { () -> StoreError? in
            guard attempts > 1, circuit.isPaused else { return nil }
            return circuit.downError(now: now)
        }
        if let down {
            observer(.gaveUp(request, attempts: attempts, elapsed: elapsed, error: down))
            return down
        }
        observer(.gaveUp(request, attempts: attempts, elapsed: elapsed, error: last))
        guard attempts > 1 else { return last }
        var error = last
        error.message += " (still failing after \(attempts) attempts over \(StoreCircuit.duration(elapsed)), the retry budget)"
        if error.hint == nil { error.hint = "check the network and the store's status, then run again" }
        return error
    }
}
