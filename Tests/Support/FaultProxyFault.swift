/// One misbehaviour `FaultProxy` can inflict on one HTTP request, in place of forwarding it
/// faithfully.
///
/// Answers (`serviceUnavailable`, `internalError`, `tooManyRequests`, `error`) are made up by
/// the proxy: the request never reaches the server. `resetMidResponse` and `delay` do forward it,
/// so the server may have acted on a request whose answer the client never saw complete.
public enum FaultProxyFault: Sendable, Hashable, CustomStringConvertible {
    /// 503 with an S3 XML body (`SlowDown` with `Retry-After: seconds`, else `ServiceUnavailable`).
    case serviceUnavailable(retryAfterSeconds: Int?)
    /// 500 `InternalError`.
    case internalError
    /// 429 `SlowDown` with an S3 XML body (what B2 sends when a key makes too many calls).
    case tooManyRequests
    /// Any other answer, e.g. a permanent `403 AccessDenied` or `404 NoSuchBucket`.
    case error(status: Int, code: String, message: String)
    /// TCP reset (SO_LINGER 0) after reading the whole request, before anything is forwarded.
    case resetBeforeForwarding
    /// Forward the request, then send the client only part of the answer (half of the body, or
    /// half of the head when there is no body) and reset the connection.
    case resetMidResponse
    /// Wait this long, then forward normally.
    case delay(milliseconds: Int)
    /// Read the request and never answer: the connection stays open until the client gives up
    /// (its request timeout) or the proxy's hang limit ends it.
    case hang

    /// The kind, for counters.
    public var kind: FaultProxyFaultKind {
        switch self {
        case .serviceUnavailable(let retryAfter):
            retryAfter == nil ? .serviceUnavailable : .serviceUnavailableRetryAfter
        case .internalError: .internalError
        case .tooManyRequests: .tooManyRequests
        case .error: .errorStatus
        case .resetBeforeForwarding: .resetBeforeForwarding
        case .resetMidResponse: .resetMidResponse
        case .delay: .delay
        case .hang: .hang
        }
    }

    /// True when the client sees a failed attempt (everything but `delay`).
    public var failsTheAttempt: Bool { kind != .delay }

    /// True when the request reaches the server.
    var forwards: Bool {
        switch self {
        case .delay, .resetMidResponse: true
        default: false
        }
    }

    /// Every transient fault, the mix the "10 % faults" scenarios draw from (no `hang`: a hang
    /// costs a whole request timeout; test it on its own with a short timeout).
    public static let transientMix: [FaultProxyFault] = [
        .serviceUnavailable(retryAfterSeconds: nil), .serviceUnavailable(retryAfterSeconds: 1), .internalError,
        .tooManyRequests, .resetBeforeForwarding, .resetMidResponse, .delay(milliseconds: 300),
    ]

    public var description: String {
        switch self {
        case .serviceUnavailable(let seconds?): "503 Retry-After \(seconds)"
        case .serviceUnavailable(nil): "503"
        case .internalError: "500"
        case .tooManyRequests: "429"
        case .error(let status, let code, _): "\(status) \(code)"
        case .resetBeforeForwarding: "reset before forwarding"
        case .resetMidResponse: "reset mid-response"
        case .delay(let ms): "delay \(ms) ms"
        case .hang: "hang"
        }
    }
}

/// The counter a fault is tallied under.
public enum FaultProxyFaultKind: String, Sendable, Hashable, CaseIterable, Codable {
    case serviceUnavailable, serviceUnavailableRetryAfter, internalError, tooManyRequests, errorStatus
    case resetBeforeForwarding, resetMidResponse, delay, hang
}
