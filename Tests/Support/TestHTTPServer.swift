import AgentBackupPorts
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (a free port), answering with a closure, for tests of
/// HTTP clients against canned answers and network faults (resets, bodies cut short).
///
/// Use `TestHTTPServer.withServer(handler) { server in … }`, which always shuts it down; or `start`
/// and `shutdown()` yourself.
public final class TestHTTPServer: Sendable {
    /// A function from request to reply; runs concurrently for concurrent connections.
    public typealias Handler = @Sendable (TestHTTPRequest) async -> TestHTTPReply

    /// The port bound on 127.0.0.1.
    public let port: Int
    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>
    private let recorded: Locked<[TestHTTPRequest]>

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [TestHTTPRequest] { recorded.withLock { $0 } }

    private init(port: Int, serverChannel: any Channel, acceptTask: Task<Void, Never>, recorded: Locked<[TestHTTPRequest]>) {
        self.port = port
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
        self.recorded = recorded
    }

    /// Binds 127.0.0.1 on a free port and starts serving.
    public static func start(handler: @escaping Handler) async throws -> TestHTTPServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let recorded = Locked([TestHTTPRequest]())
        let serverChannel = server.channel
        let task = Task<Void, Never> {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await serve(connection, handler: handler, recorded: recorded)
                        }
                    }
                }
            }
        }
        guard let port = serverChannel.localAddress?.port else {
            task.cancel()
            try? await serverChannel.close()
            throw TestHTTPServerError(message: "the test HTTP server bound no port")
        }
        return TestHTTPServer(port: port, serverChannel: serverChannel, acceptTask: task, recorded: recorded)
    }

    /// Starts a server, runs `body`, and shuts the server down even when `body` throws.
    @discardableResult
    public static func withServer<R: Sendable>(
        _ handler: @escaping Handler, _ body: (TestHTTPServer) async throws -> R
    ) async throws -> R {
        let server = try await start(handler: handler)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// Stops listening, closes every connection and waits until all are closed.
    public func shutdown() async {
        try? await serverChannel.close()
        acceptTask.cancel()
        await acceptTask.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler,
        recorded: Locked<[TestHTTPRequest]>
    ) async throws {
        let channel = connection.channel
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead? = nil
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body = []
                case .body(let buffer):
                    body += buffer.readableBytesView
                case .end:
                    guard let head else { return }
                    let request = TestHTTPRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers, body: body)
                    recorded.withLock { $0.append(request) }
                    switch await handler(request) {
                    case .respond(let response):
                        // A HEAD answer has the GET's headers and no body.
                        let sent = head.method == .HEAD ? 0 : response.body.count
                        try await write(response, sending: sent, ends: true, keepAlive: head.isKeepAlive, to: outbound)
                        if !head.isKeepAlive { return }
                    case .resetConnection:
                        try await reset(channel)
                        return
                    case .resetMidBody(let response, let sentBytes, let resetWhen):
                        let sent = min(sentBytes, response.body.count)
                        try await write(response, sending: sent, ends: sent == response.body.count, keepAlive: true, to: outbound)
                        // Only once the client has read what was sent: a reset discards data still queued.
                        await resetWhen.wait()
                        try await reset(channel)
                        return
                    case .noReply:
                        continue
                    }
                }
            }
        }
    }

    private static func write(
        _ response: TestHTTPResponse, sending count: Int, ends: Bool, keepAlive: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders(response.headers)
        if !headers.contains(name: "Content-Length") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        try await outbound.write(.head(head))
        if count > 0 {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body.prefix(count)))))
        }
        if ends {
            try await outbound.write(.end(nil))
        }
    }

    /// Closes with SO_LINGER 0, so the peer sees a TCP reset rather than an orderly end.
    private static func reset(_ channel: any Channel) async throws {
        if let provider = channel as? any SocketOptionProvider {
            try await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close()
    }
}

/// The test HTTP server could not start.
public struct TestHTTPServerError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
