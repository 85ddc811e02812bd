/// How long a failed store request keeps being retried, and how long to wait between attempts.
///
/// A request is retried for a TIME BUDGET, not a number of attempts: B2 documents 500 and 503 as
/// routine and asks clients to keep retrying, so a request that drew four faults in a row on a
/// hotel network must not fail a nightly backup. Attempts go on until `budget` seconds have
/// passed since the start of the request's first failed attempt; the last one starts at the
/// latest at that instant. Waits grow exponentially (`baseDelay · 2^(n-1)`, capped at
/// `maxDelay`) with full jitter above a floor of half the base delay (so parallel clients do not
/// retry in step, and no two attempts come back to back), and a server's `Retry-After` is
/// honoured up to `maxRetryAfter`.
///
/// The same numbers drive the shared circuit (`StoreCircuit`): once every request has failed
/// for `pauseAfter` seconds, transfers pause and one probe at a time goes out.
///
/// A plain value: `delay(forRetry:retryAfter:unit:)` takes the random number, so the schedule is
/// tested exactly; `Retrier` supplies the clock and the randomness.
public struct RetryPolicy: Sendable, Equatable {
    /// Seconds after the start of a request's first failed attempt during which it is retried
    /// (0: never retried). Also how long the store may fail every request before the run gives up.
    public var budget: Double
    /// The wait before the first retry, at most; doubles with every retry.
    public var baseDelay: Double
    /// The cap of the exponential wait.
    public var maxDelay: Double
    /// The longest `Retry-After` honoured (a server asking for an hour is capped).
    public var maxRetryAfter: Double
    /// Seconds of failures with no success in between after which all transfers pause together.
    public var pauseAfter: Double
    /// Every wait is multiplied by this (1 in production; tests of the binary shorten waits).
    public var waitScale: Double

    /// Five minutes of retries, 1 s doubling up to 30 s, transfers paused after 30 s of failures.
    public init(
        budget: Double = 300, baseDelay: Double = 1, maxDelay: Double = 30, maxRetryAfter: Double = 120,
        pauseAfter: Double? = nil, waitScale: Double = 1
    ) {
        self.budget = max(0, budget)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(self.baseDelay, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
        self.pauseAfter = max(0, pauseAfter ?? min(30, self.budget / 4))
        self.waitScale = max(0, waitScale)
    }

    /// The defaults: a 5-minute budget.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// One attempt, never retried (the first transient failure is the answer).
    public static var noRetry: RetryPolicy { RetryPolicy(budget: 0) }

    /// The upper bound of the jittered wait before retry number `retry` (1-based).
    public func ceiling(forRetry retry: Int) -> Double {
        let exponent = max(0, retry - 1)
        guard exponent < 62 else { return maxDelay }
        return min(maxDelay, baseDelay * Double(UInt64(1) << UInt64(exponent)))
    }

    /// The shortest wait before any retry: half the base delay.
    public var floor: Double { baseDelay / 2 }

    /// Seconds to wait before retry number `retry` (1-based): uniform in `[floor, ceiling]` as
    /// `unit` goes over `0..<1`, at least the server's `Retry-After` (capped), times `waitScale`.
    public func delay(forRetry retry: Int, retryAfter: Double?, unit: Double) -> Double {
        let ceiling = ceiling(forRetry: retry)
        let low = min(floor, ceiling)
        var wait = low + min(max(unit, 0), 1) * (ceiling - low)
        if let retryAfter, retryAfter > 0, retryAfter.isFinite { wait = max(wait, min(retryAfter, maxRetryAfter)) }
        return wait * waitScale
    }

    /// The most attempts one request can make within the budget (every wait at its floor): the
    /// bound tests check.
    public var maximumAttempts: Int {
        let shortest = floor * waitScale
        guard shortest > 0 else { return budget > 0 ? Int.max : 1 }
        return 2 + Int((budget / shortest).rounded(.down))
    }
}
