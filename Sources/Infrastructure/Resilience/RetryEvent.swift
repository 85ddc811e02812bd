import AgentBackupPorts
import Foundation

/// One store request as the retry layer names it in events and messages.
public struct RetryRequest: Sendable, Equatable {
    /// `PUT`, `GET`, `MULTIPART PART 3`, ...
    public var operation: String
    /// The object key, when there is one.
    public var key: String?

    public init(operation: String, key: String?) {
        self.operation = operation
        self.key = key
    }
}

/// What the retry layer did, for progress, logs and tests (`Retrier.observer`).
public enum RetryEvent: Sendable, Equatable {
    /// `request` failed transiently on `attempt` (1-based) and goes again after `wait` seconds;
    /// `elapsed` seconds have passed since its first failed attempt began.
    case retrying(RetryRequest, attempt: Int, error: StoreError, wait: Double, elapsed: Double)
    /// `request` succeeded on attempt `attempt` after failures.
    case recovered(RetryRequest, attempt: Int)
    /// `request` failed for good after `attempts` attempts over `elapsed` seconds.
    case gaveUp(RetryRequest, attempts: Int, elapsed: Double, error: StoreError)
    /// The store failed every request since `since`: transfers pause, one probe at a time.
    case paused(store: String, since: Date, lastError: StoreError)
    /// The store answered again; transfers resume after `seconds` paused.
    case resumed(store: String, seconds: Double)
}

/// Retries of a run so far: how many attempts were repeated and the seconds requests spent
/// waiting (back-off sleeps and pauses of the circuit, summed over requests: transfers that wait
/// side by side count each).
public struct RetryTally: Sendable, Equatable, Codable {
    /// Attempts made again after a transient failure.
    public var retries = 0
    /// Seconds spent waiting before those attempts, summed over requests.
    public var waitSeconds = 0.0

    public init(retries: Int = 0, waitSeconds: Double = 0) {
        self.retries = retries
        self.waitSeconds = waitSeconds
    }
}
