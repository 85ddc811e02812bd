import AgentBackupPorts

/// A failure that `InMemoryObjectStore` injects into matching calls, to test retries and error paths.
///
/// A fault lets `passing` matching calls through, then fails the next `times` matching calls
/// (`Int.max`: for ever) with `error`, whose `operation` and `key` are filled in from the call.
public struct StoreFault: Sendable {
    /// The operation to fail; nil fails any.
    public var operation: StoreOperation?
    /// Only calls touching this key (any key of a copy or delete; the prefix of a list); nil: any key.
    public var key: String?
    /// Matching calls let through before the fault fires.
    public var passing: Int
    /// Matching calls that fail once it fires.
    public var times: Int
    /// What the failing calls throw.
    public var error: StoreError
    /// When the failure strikes.
    public var timing: Timing

    /// When an injected failure strikes a call.
    public enum Timing: Sendable {
        /// Before the store does anything.
        case before
        /// The store acts (stores, copies, deletes) and THEN the call fails: an answer lost on the
        /// way back, as a connection reset after the server acted looks to a client.
        case afterActing
        /// A download cut short: half the object is written to the file, then the call fails.
        case cutShort
    }

    public init(
        operation: StoreOperation? = nil, key: String? = nil, passing: Int = 0, times: Int = 1,
        error: StoreError = .injected(), timing: Timing = .before
    ) {
        self.operation = operation
        self.key = key
        self.passing = passing
        self.times = times
        self.error = error
        self.timing = timing
    }

    func matches(_ call: StoreCall) -> Bool {
        if let operation, operation != call.operation { return false }
        if let key, !call.keys.contains(where: { $0.utf8.elementsEqual(key.utf8) }) { return false }
        return true
    }
}

extension StoreError {
    /// An error as a real store would throw it, for fault injection. The default is B2's usual
    /// transient refusal: HTTP 503 SlowDown. Pass `.permanent`/403, `.notFound`/404, etc. as needed.
    public static func injected(
        _ code: Code = .transient, httpStatus: Int? = 503, serverCode: String? = "SlowDown",
        message: String = "injected fault", retryAfterSeconds: Double? = nil
    ) -> StoreError {
        StoreError(
            code, operation: "", httpStatus: httpStatus, serverCode: serverCode, message: message,
            retryAfterSeconds: retryAfterSeconds)
    }
}
