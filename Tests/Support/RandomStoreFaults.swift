import AgentBackupPorts

/// How an injected failure meets a call of `InMemoryObjectStore`.
enum InjectedFault {
    /// The call fails before the store does anything.
    case before(StoreError)
    /// The store acts, then the answer is lost.
    case afterActing(StoreError)
    /// A read whose body is cut short (a download leaves half a file).
    case truncated(StoreError)
}

/// Seeded transient failures on a fraction of the calls of every kind, the mix a bad network
/// deals: 503 with `Retry-After`, 500, 429, a reset before the store acted, a timeout or a reset
/// after it acted (the answer lost: a put stored, a copy or a delete done), and downloads cut
/// short.
///
/// Whether an attempt fails depends only on the seed, the call (operation and keys) and how many
/// times that call was made before, never on the order in which concurrent calls arrive: the
/// same seed fails the same attempts in every run.
public struct RandomStoreFaults: Sendable {
    /// The failures dealt, for counters.
    public enum Kind: String, Sendable, CaseIterable {
        case slowDownRetryAfter, internalError, tooManyRequests, resetBefore, timeoutAfterActing, lostAnswer, truncated
    }

    public let rate: Double
    public let seed: UInt64
    /// Attempts of each call so far.
    private var attempts: [String: UInt64] = [:]
    /// Failures dealt, by kind.
    public private(set) var fired: [Kind: Int] = [:]

    public init(rate: Double, seed: UInt64) {
        self.rate = rate
        self.seed = seed
    }

    /// The failure for this attempt of `call`, or nil to let it through.
    mutating func draw(for call: StoreCall) -> InjectedFault? {
        let identity = call.operation.rawValue + "\u{0}" + call.keys.joined(separator: "\u{0}")
        let attempt = attempts[identity, default: 0]
        attempts[identity] = attempt + 1
        var generator = SplitMix64(seed: seed ^ Self.fnv1a(identity) &+ attempt &* 0x9E37_79B9_7F4A_7C15)
        guard generator.nextUnit() < rate else { return nil }
        var kind = Kind.allCases[Int(generator.next() % UInt64(Kind.allCases.count))]
        let isRead = call.operation == .getToFile || call.operation == .getBytes
        if kind == .truncated && !isRead { kind = .lostAnswer }
        fired[kind, default: 0] += 1
        switch kind {
        case .slowDownRetryAfter:
            return .before(.injected(httpStatus: 503, serverCode: "SlowDown", message: "please reduce your request rate", retryAfterSeconds: 1))
        case .internalError:
            return .before(.injected(httpStatus: 500, serverCode: "InternalError", message: "we encountered an internal error"))
        case .tooManyRequests:
            return .before(.injected(httpStatus: 429, serverCode: "SlowDown", message: "too many requests"))
        case .resetBefore:
            return .before(.injected(httpStatus: nil, serverCode: nil, message: "connection reset by peer"))
        case .timeoutAfterActing:
            return .afterActing(.injected(httpStatus: nil, serverCode: nil, message: "the request timed out"))
        case .lostAnswer:
            return .afterActing(.injected(httpStatus: nil, serverCode: nil, message: "the connection was reset before the answer arrived"))
        case .truncated:
            return .truncated(.injected(httpStatus: nil, serverCode: nil, message: "the download ended before its Content-Length"))
        }
    }

    /// FNV-1a 64 of the UTF-8 bytes: a stable hash (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Numbers in `0..<1` from a seeded generator, shareable between tasks (a `Retrier`'s jitter in
/// tests).
public final class SeededRandom: Sendable {
    private let generator: Locked<SplitMix64>

    public init(seed: UInt64) {
        generator = Locked(SplitMix64(seed: seed))
    }

    /// The next number in `0..<1`.
    public func next() -> Double {
        generator.withLock { $0.nextUnit() }
    }

    /// `next` as a closure, for `Retrier(random:)`.
    public var closure: @Sendable () -> Double { { self.next() } }
}
