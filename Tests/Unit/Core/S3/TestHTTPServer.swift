import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny HTTP/1.1 server on 127.0.0.1 (random port) that the test starts, answering each request
/// with whatever the test's handler says, including misbehaviour: a connection reset half way
/// through a body, or no answer at all. It records every request it received.
final class TestHTTPServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var uri: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The path without the query.
        var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }
    }

    enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Sends a head announcing `declaredLength` bytes, then `partialBody`, then resets the connection.
        case resetMidBody(status: Int, declaredLength: Int, partialBody: [UInt8])
        /// Never answers (for timeouts).
        case noReply

        static func text(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Reply {
            .respond(status: status, headers: headers, body: Array(text.utf8))
        }
    }

    let port: Int
    var baseURL: String { "http://127.0.0.1:\(port)" }
    private let channel: any Channel
    private let lock = NSLock()
    private var received: [Request] = []

    /// Every request received so far, in order.
    var requests: [Request] { lock.withLock { received } }

    init(handler: @escaping @Sendable (Request) -> Reply) async throws {
        let recorder = Recorder()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                    try channel.pipeline.syncOperations.addHandler(Handler(handler: handler, recorder: recorder))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        recorder.server = self
    }

    /// Stops listening (open connections are dropped with the event loop's next turn).
    func shutdown() async throws {
        try await channel.close()
    }

    fileprivate func record(_ request: Request) {
        lock.withLock { received.append(request) }
    }

    /// Breaks the init cycle: handlers record through it once the server exists.
    private final class Recorder: @unchecked Sendable {
        weak var server: TestHTTPServer?
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let handler: @Sendable (Request) -> Reply
        let recorder: Recorder
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(handler: @escaping @Sendable (Request) -> Reply, recorder: Recorder) {
            self.handler = handler
            self.recorder = recorder
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue, uri: head.uri,
                    headers: head.headers.map { ($0.name, $0.value) }, body: body)
                recorder.server?.record(request)
                answer(handler(request), head: head, context: context)
            }
        }

        private func answer(_ reply: Reply, head: HTTPRequestHead, context: ChannelHandlerContext) {
            switch reply {
            case .noReply:
                return
            case .respond(let status, let headers, let body):
                var h = HTTPHeaders(headers)
                if !h.contains(name: "Content-Length") { h.add(name: "Content-Length", value: String(body.count)) }
                let response = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: status), headers: h)
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                if head.method != .HEAD, !body.isEmpty {
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .resetMidBody(let status, let declaredLength, let partialBody):
                let response = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: status),
                    headers: ["Content-Length": String(declaredLength)])
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: partialBody)))), promise: nil)
                // SO_LINGER 0: close() sends a TCP RST instead of a graceful FIN.
                if let socket = context.channel as? any SocketOptionProvider {
                    _ = socket.setSoLinger(linger(l_onoff: 1, l_linger: 0))
                }
                context.close(promise: nil)
            }
        }
    }
}
