/// What `FaultProxy` has seen and done so far.
public struct FaultProxyCounts: Sendable, Equatable {
    /// Client connections accepted.
    public var connections = 0
    /// Request heads received from clients.
    public var requests = 0
    /// Requests sent on to the server (including those later cut off by `resetMidResponse`).
    public var forwarded = 0
    /// Faults inflicted, by kind.
    public var faults: [FaultProxyFaultKind: Int] = [:]
    /// Request bytes (heads and bodies) sent to the server.
    public var bytesToServer: Int64 = 0
    /// Response bytes sent back to clients (including made-up answers).
    public var bytesToClient: Int64 = 0
    /// Requests the proxy could not forward because the server refused the connection.
    public var upstreamFailures = 0

    /// Faults of one kind.
    public func count(_ kind: FaultProxyFaultKind) -> Int {
        faults[kind, default: 0]
    }

    /// Faults of every kind that failed an attempt (all but delays).
    public var failedAttempts: Int {
        faults.filter { $0.key != .delay }.values.reduce(0, +)
    }

    /// All bytes moved in both directions.
    public var bytesTransferred: Int64 { bytesToServer + bytesToClient }
}

/// One request as the proxy handled it.
public struct FaultProxyExchange: Sendable, Equatable {
    public var method: String
    public var target: String
    /// The fault inflicted, or nil when forwarded faithfully.
    public var fault: FaultProxyFault?
    /// The status the server answered (nil when not forwarded or the answer never came).
    public var upstreamStatus: Int?
}
