import AgentBackupPorts

extension InMemoryObjectStore {
    /// Adds a fault; faults are checked in the order they were added and the first that fires wins.
    public func inject(_ fault: StoreFault) {
        state.withLock { $0.faults.append(fault) }
    }

    /// Fails the next `times` calls of `operation` (nil: any) touching `key` (nil: any) with `error`,
    /// e.g. `failNext(.put, with: .injected())` for one transient 503 then success.
    public func failNext(
        _ operation: StoreOperation? = nil, key: String? = nil, times: Int = 1, with error: StoreError = .injected()
    ) {
        inject(StoreFault(operation: operation, key: key, passing: 0, times: times, error: error))
    }

    /// Fails only the `n`th (1-based, counted from now) call of `operation` (nil: any).
    public func failCall(
        number n: Int, of operation: StoreOperation? = nil, key: String? = nil, with error: StoreError = .injected()
    ) {
        precondition(n >= 1, "call numbers start at 1")
        inject(StoreFault(operation: operation, key: key, passing: n - 1, times: 1, error: error))
    }

    /// Fails every call of `operation` (nil: any) touching `key` (nil: any) until `clearFaults()`.
    public func failAlways(_ operation: StoreOperation? = nil, key: String? = nil, with error: StoreError = .injected()) {
        inject(StoreFault(operation: operation, key: key, passing: 0, times: .max, error: error))
    }

    /// Makes every call of `operation` (nil: all operations without their own latency) sleep first,
    /// to exercise timeouts, cancellation and concurrency limits.
    public func setLatency(_ latency: Duration, for operation: StoreOperation? = nil) {
        state.withLock { $0.latency[operation] = latency }
    }

    /// Reads of `key` (both `get` forms; not `copy`) return the bytes with the byte at `offset` (or
    /// the last byte, for a shorter object) inverted, as damage in transit or at rest would.
    public func corruptReads(of key: String, atByte offset: Int = 0) {
        state.withLock { $0.corruptions[StoreKey(key)] = offset }
    }

    /// Reads of `key` return only its first `length` bytes, as a cut-off download would.
    public func truncateReads(of key: String, to length: Int) {
        state.withLock { $0.truncations[StoreKey(key)] = length }
    }

    /// Fails a seeded fraction `rate` of the calls of every kind with a transient failure (see
    /// `RandomStoreFaults`); the same seed fails the same attempts of the same calls whatever
    /// order concurrent calls arrive in.
    public func failRandomly(rate: Double, seed: UInt64) {
        state.withLock { $0.randomFaults = RandomStoreFaults(rate: rate, seed: seed) }
    }

    /// Calls failed by `failRandomly` so far, by kind.
    public var randomFaultCounts: [RandomStoreFaults.Kind: Int] {
        state.withLock { $0.randomFaults?.fired ?? [:] }
    }

    /// Removes every fault, latency, corruption and truncation (stored objects and counters stay).
    public func clearFaults() {
        state.withLock { state in
            state.randomFaults = nil
            state.faults = []
            state.latency = [:]
            state.corruptions = [:]
            state.truncations = [:]
        }
    }

    // MARK: Counters

    /// Every call so far, in order (failed calls included).
    public var calls: [StoreCall] { state.withLock { $0.calls } }

    /// How many calls of `operation` were made (failed ones included).
    public func callCount(_ operation: StoreOperation) -> Int {
        state.withLock { $0.calls.lazy.filter { $0.operation == operation }.count }
    }

    /// Calls of every operation.
    public var totalCallCount: Int { state.withLock { $0.calls.count } }

    /// The most calls that were in progress at once: proves a concurrency limit (with `setLatency`).
    public var peakConcurrentCalls: Int { state.withLock { $0.peakInFlight } }

    /// Forgets the recorded calls and the peak concurrency.
    public func resetCalls() {
        state.withLock { state in
            state.calls = []
            state.peakInFlight = state.inFlight
        }
    }

    // MARK: Direct access for assertions

    /// Every stored object. (Keys that differ only in Unicode normalization are distinct here but
    /// equal as Swift dictionary keys; use `keys` and `data(for:)` when that matters.)
    public var objects: [String: [UInt8]] {
        state.withLock { state in
            var result: [String: [UInt8]] = [:]
            for (key, stored) in state.objects { result[key.string] = stored.bytes }
            return result
        }
    }

    /// Every stored key in listing order (UTF-8 byte order).
    public var keys: [String] {
        state.withLock { $0.objects.keys.sorted().map(\.string) }
    }

    /// The stored bytes of `key` (without read faults), or nil.
    public func data(for key: String) -> [UInt8]? {
        state.withLock { $0.objects[StoreKey(key)]?.bytes }
    }

    /// The content type `key` was stored with, or nil.
    public func contentType(for key: String) -> String? {
        state.withLock { $0.objects[StoreKey(key)]?.contentType }
    }

    /// Stores `bytes` under `key` without counting a call (arranging a bucket, damaging an object).
    public func setData(_ bytes: [UInt8], for key: String, contentType: String = "application/octet-stream") {
        state.withLock { $0.objects[StoreKey(key)] = Stored(bytes: bytes, contentType: contentType) }
    }

    /// Removes `key` without counting a call.
    public func removeData(for key: String) {
        state.withLock { $0.objects[StoreKey(key)] = nil }
    }

    // MARK: Call plumbing

    /// Records the call, applies latency and faults, then runs `body`.
    func perform<R>(_ operation: StoreOperation, _ keys: [String], _ body: () throws -> R) async throws -> R {
        try await perform(operation, keys) { (_: Bool) in try body() }
    }

    /// Records the call, applies latency, then: a fault that fires before acting is thrown;
    /// otherwise `body` runs (told whether the download is to be cut short) and a fault that
    /// fires after acting (a lost answer, a truncated body) is thrown once it has.
    func perform<R>(_ operation: StoreOperation, _ keys: [String], _ body: (_ cut: Bool) throws -> R) async throws -> R {
        let call = StoreCall(operation: operation, keys: keys)
        let (latency, fault) = state.withLock { state -> (Duration?, InjectedFault?) in
            state.calls.append(call)
            state.inFlight += 1
            state.peakInFlight = max(state.peakInFlight, state.inFlight)
            let explicit = Self.firingFault(for: call, in: &state)
            return (state.latency[operation] ?? state.latency[nil], explicit ?? state.randomFaults?.draw(for: call))
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        if let latency { try await Task.sleep(for: latency) }
        func named(_ error: StoreError) -> StoreError {
            var error = error
            error.operation = operation.errorName
            error.key = keys.first
            return error
        }
        switch fault {
        case nil:
            return try body(false)
        case .before(let error):
            throw named(error)
        case .afterActing(let error):
            _ = try body(false)
            throw named(error)
        case .truncated(let error):
            _ = try body(true)
            throw named(error)
        }
    }

    /// Advances every matching fault's count; the first that fires gives the error.
    private static func firingFault(for call: StoreCall, in state: inout State) -> InjectedFault? {
        var fired: InjectedFault? = nil
        for index in state.faults.indices where state.faults[index].matches(call) {
            if state.faults[index].passing > 0 {
                state.faults[index].passing -= 1
            } else if fired == nil, state.faults[index].times > 0 {
                if state.faults[index].times != .max { state.faults[index].times -= 1 }
                let fault = state.faults[index]
                switch fault.timing {
                case .before: fired = .before(fault.error)
                case .afterActing: fired = .afterActing(fault.error)
                case .cutShort: fired = .truncated(fault.error)
                }
            }
        }
        return fired
    }
}
