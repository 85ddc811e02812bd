import AgentBackupPorts

/// When and how long to wait before trying a failed store request again.
///
/// Only `StoreError.Code.transient` failures are retried (HTTP 408/429/500/502/503/504, connection
/// resets, timeouts); every other failure comes back at once, so a wrong key gives one clear error
/// instead of a retry loop. The defaults are the reference engine's: 4 attempts in all, backoff
/// `min(0.5·2^(n-1), 8)` seconds plus up to 0.25 s of jitter, and a server's `Retry-After` is
/// honoured (never waiting less than it asks, up to `maxRetryAfter`).
///
/// `sleep` and `random` are injectable so tests run retries instantly and deterministically.
public struct RetryPolicy: Sendable {
    /// Attempts in all, including the first (1 = no retries).
    public var maxAttempts: Int
    /// Delay before the first retry, in seconds; doubles with every retry.
    public var baseDelay: Double
    /// Upper bound of the exponential delay, in seconds.
    public var maxDelay: Double
    /// Up to this many seconds of random delay are added, so parallel clients do not retry in step.
    public var maxJitter: Double
    /// The longest `Retry-After` honoured, in seconds (a server asking for an hour is capped).
    public var maxRetryAfter: Double
    /// Waits the given seconds; throws when cancelled.
    public var sleep: @Sendable (Double) async throws -> Void
    /// A random number in `0..<1`, for the jitter.
    public var random: @Sendable () -> Double

    /// The defaults are the reference engine's; tests inject `sleep` and `random`.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Double = 0.5,
        maxDelay: Double = 8,
        maxJitter: Double = 0.25,
        maxRetryAfter: Double = 60,
        sleep: @escaping @Sendable (Double) async throws -> Void = RetryPolicy.taskSleep,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxJitter = maxJitter
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
        self.random = random
    }

    /// The reference engine's policy (4 attempts, 0.5 s doubling up to 8 s, 0.25 s jitter).
    public static var standard: RetryPolicy { RetryPolicy() }

    /// One attempt, no retries.
    public static var noRetry: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Sleeps with `Task.sleep`.
    public static let taskSleep: @Sendable (Double) async throws -> Void = { seconds in
        if seconds > 0 { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
    }

    /// Whether `error` may succeed if tried again.
    public func isRetryable(_ error: any Error) -> Bool {
        (error as? StoreError)?.isTransient ?? false
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based).
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        let exponent = Double(max(0, attempt - 1))
        var delay = min(baseDelay * pow2(exponent), maxDelay)
        if let retryAfter, retryAfter > 0 { delay = max(delay, min(retryAfter, maxRetryAfter)) }
        return delay + maxJitter * random()
    }

    /// Runs `body` (given the 1-based attempt number) until it succeeds, fails permanently, or
    /// the attempts run out; the last error is rethrown unchanged. Cancellation stops at once.
    public func run<T: Sendable>(_ body: (_ attempt: Int) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body(attempt)
            } catch {
                guard attempt < maxAttempts, isRetryable(error), !Task.isCancelled else { throw error }
                try await sleep(delay(afterAttempt: attempt, retryAfter: (error as? StoreError)?.retryAfterSeconds))
                attempt += 1
            }
        }
    }

    private func pow2(_ e: Double) -> Double {
        e >= 62 ? Double.greatestFiniteMagnitude : Double(1 << Int(e))
    }
}
