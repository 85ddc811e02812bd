/// Decides, request by request in arrival order, which fault (if any) `FaultProxy` inflicts.
///
/// - `.none`: forward everything.
/// - `.random(seed:rate:faults:)`: each request draws from a seeded generator; with probability
///   `rate` it gets one of `faults` (uniformly). The same seed gives the same sequence of
///   decisions (which request gets which depends on arrival order when requests run in parallel).
/// - `.scripted([...])`: the n-th considered request gets the n-th entry (`nil` = forward);
///   after the list every request is forwarded.
/// - `.always(fault)`: every considered request gets `fault` (a permanent 403, say).
///
/// `maxConsecutiveFailures` bounds how many attempts in a row of the same request (same method
/// and target) may fail, so a client with N attempts always gets through when the bound is
/// below N: faults stay transient, and a run of faults cannot make a test flaky. `matching`
/// limits the faults to some requests (the others are forwarded and not counted as considered).
public struct FaultSchedule: Sendable {
    enum Mode: Sendable {
        case none
        case random(rate: Double, faults: [FaultProxyFault])
        case scripted([FaultProxyFault?])
        case always(FaultProxyFault)
    }

    var mode: Mode
    var generator: SplitMix64
    /// Requests considered so far (the index into a script).
    private(set) var considered = 0
    /// Attempts in a row of the same request that failed, by request identity.
    private var failuresInARow: [String: Int] = [:]

    /// Whether a request may be hit at all (default: every request).
    public var matching: (@Sendable (FaultProxyRequest) -> Bool)?
    /// Attempts in a row of one request that may fail (default 2: a 4-attempt client always wins).
    public var maxConsecutiveFailures: Int

    init(mode: Mode, seed: UInt64 = 0, maxConsecutiveFailures: Int = 2) {
        self.mode = mode
        self.generator = SplitMix64(seed: seed)
        self.maxConsecutiveFailures = maxConsecutiveFailures
    }

    /// Forward everything.
    public static var none: FaultSchedule { FaultSchedule(mode: .none) }

    /// Faults at `rate` (0...1) drawn from `faults` with a generator seeded by `seed`.
    public static func random(
        seed: UInt64, rate: Double, faults: [FaultProxyFault] = FaultProxyFault.transientMix,
        maxConsecutiveFailures: Int = 2
    ) -> FaultSchedule {
        FaultSchedule(
            mode: .random(rate: rate, faults: faults), seed: seed, maxConsecutiveFailures: maxConsecutiveFailures)
    }

    /// The given faults for the first requests, in order (`nil` forwards that one).
    public static func scripted(_ faults: [FaultProxyFault?]) -> FaultSchedule {
        FaultSchedule(mode: .scripted(faults), maxConsecutiveFailures: .max)
    }

    /// `fault` for every request.
    public static func always(_ fault: FaultProxyFault) -> FaultSchedule {
        FaultSchedule(mode: .always(fault), maxConsecutiveFailures: .max)
    }

    /// This schedule, applied only to requests for which `predicate` is true.
    public func onlyFor(_ predicate: @escaping @Sendable (FaultProxyRequest) -> Bool) -> FaultSchedule {
        var copy = self
        copy.matching = predicate
        return copy
    }

    /// The fault for the next request, or nil to forward it.
    mutating func decide(for request: FaultProxyRequest) -> FaultProxyFault? {
        if let matching, !matching(request) { return nil }
        let index = considered
        considered += 1
        let chosen: FaultProxyFault?
        switch mode {
        case .none:
            chosen = nil
        case .random(let rate, let faults):
            let draw = generator.nextUnit()
            let pick = Int(generator.next() % UInt64(max(1, faults.count)))
            chosen = draw < rate && !faults.isEmpty ? faults[pick] : nil
        case .scripted(let faults):
            chosen = index < faults.count ? faults[index] : nil
        case .always(let fault):
            chosen = fault
        }
        let identity = request.method + " " + request.target
        guard let fault = chosen, fault.failsTheAttempt else {
            failuresInARow[identity] = nil
            return chosen
        }
        let inARow = failuresInARow[identity, default: 0]
        if inARow >= maxConsecutiveFailures {
            failuresInARow[identity] = nil
            return nil
        }
        failuresInARow[identity] = inARow + 1
        return fault
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the same seed gives
/// the same numbers on every platform, unlike `SystemRandomNumberGenerator`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<1`.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
