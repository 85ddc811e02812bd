import AgentBackupPorts
import Foundation
import NIOCore
import NIOPosix

/// A loopback HTTP/1.1 proxy that sits between a client and an S3 server and breaks requests
/// on purpose: made-up 503/500/429/403 answers, TCP resets before forwarding and in the middle
/// of an answer, delays, and requests that never get an answer.
///
/// Requests it forwards go byte for byte (a fresh server connection per request, the client's
/// connection kept alive), so SigV4 signatures stay valid: point the client at `endpoint` with
/// the credentials of the real server. Which request is hit is decided by a `FaultSchedule`
/// (seeded random at a rate, a script, or always), which can be changed while running.
///
/// ```swift
/// let proxy = try await FaultProxy.start(upstream: s3.endpoint, schedule: .random(seed: 7, rate: 0.1))
/// defer { Task { await proxy.shutdown() } }   // or FaultProxy.withProxy { … }
/// … run the client against proxy.endpoint …
/// #expect(proxy.counts.failedAttempts > 0)
/// ```
public final class FaultProxy: Sendable {
    /// The port bound on 127.0.0.1.
    public let port: Int
    let upstreamHost: String
    let upstreamPort: Int
    /// The longest a `hang` keeps a connection open when the client does not give up first.
    let hangLimit: TimeAmount
    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>
    let state: Locked<FaultProxyState>

    /// `http://127.0.0.1:<port>`, the endpoint to give the client.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Everything counted so far.
    public var counts: FaultProxyCounts { state.withLock { $0.counts } }

    /// Every request handled so far, in arrival order (at most the last 100,000).
    public var exchanges: [FaultProxyExchange] { state.withLock { $0.exchanges } }

    private init(
        port: Int, upstreamHost: String, upstreamPort: Int, hangLimit: TimeAmount, serverChannel: any Channel,
        acceptTask: Task<Void, Never>, state: Locked<FaultProxyState>
    ) {
        self.port = port
        self.upstreamHost = upstreamHost
        self.upstreamPort = upstreamPort
        self.hangLimit = hangLimit
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
        self.state = state
    }

    /// Binds 127.0.0.1 on a free port and starts proxying to `upstream` (`http://host:port`).
    public static func start(
        upstream: String, schedule: FaultSchedule = .none, hangLimit: TimeAmount = .seconds(120)
    ) async throws -> FaultProxy {
        let (host, port) = try parseUpstream(upstream)
        let state = Locked(FaultProxyState(schedule: schedule))
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        guard let boundPort = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw FaultProxyError(message: "the fault proxy bound no port")
        }
        let handle = Locked<FaultProxy?>(nil)
        let task = Task<Void, Never> {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        guard let proxy = handle.withLock({ $0 }) else { continue }
                        group.addTask { await proxy.serve(connection) }
                    }
                }
            }
        }
        let proxy = FaultProxy(
            port: boundPort, upstreamHost: host, upstreamPort: port, hangLimit: hangLimit,
            serverChannel: server.channel, acceptTask: task, state: state)
        handle.withLock { $0 = proxy }
        return proxy
    }

    /// Starts a proxy, runs `body`, and shuts the proxy down even when `body` throws.
    public static func withProxy<R: Sendable>(
        upstream: String, schedule: FaultSchedule = .none, hangLimit: TimeAmount = .seconds(120),
        _ body: (FaultProxy) async throws -> R
    ) async throws -> R {
        let proxy = try await start(upstream: upstream, schedule: schedule, hangLimit: hangLimit)
        do {
            let result = try await body(proxy)
            await proxy.shutdown()
            return result
        } catch {
            await proxy.shutdown()
            throw error
        }
    }

    /// Replaces the schedule (its script starts again from the first entry).
    public func setSchedule(_ schedule: FaultSchedule) {
        state.withLock { $0.schedule = schedule }
    }

    /// Sets every counter back to zero and forgets the exchanges.
    public func resetCounts() {
        state.withLock {
            $0.counts = FaultProxyCounts()
            $0.exchanges = []
        }
    }

    /// Waits until at least `bytes` have gone through (both directions); false on timeout.
    public func waitForTraffic(atLeast bytes: Int64, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if counts.bytesTransferred >= bytes { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return counts.bytesTransferred >= bytes
    }

    /// Client connections open now (each may still be forwarding a request).
    public var openConnections: Int { state.withLock { $0.openClients.count } }

    /// Waits until no client connection is open, so nothing a killed client sent can still reach
    /// the server later; false on timeout.
    public func waitUntilIdle(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while openConnections > 0 {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Stops listening, closes every client connection (ending any hang) and waits for them.
    public func shutdown() async {
        try? await serverChannel.close()
        let open = state.withLock { $0.openClients.values }
        for channel in open { try? await channel.close() }
        acceptTask.cancel()
        await acceptTask.value
    }

    private static func parseUpstream(_ upstream: String) throws -> (String, Int) {
        guard let url = URL(string: upstream), url.scheme == "http", let host = url.host, let port = url.port else {
            throw FaultProxyError(message: "the fault proxy needs an upstream like http://127.0.0.1:8333, not \(upstream)")
        }
        return (host, port)
    }
}

/// The proxy's mutable state, behind one lock.
struct FaultProxyState {
    var schedule: FaultSchedule
    var counts = FaultProxyCounts()
    var exchanges: [FaultProxyExchange] = []
    var openClients: [Int: any Channel] = [:]
    var nextClientID = 0
}
