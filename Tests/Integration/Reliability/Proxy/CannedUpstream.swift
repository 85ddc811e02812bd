@testable import AgentBackupTestSupport
import NIOCore
import NIOPosix

/// A server on 127.0.0.1 that answers every request head (no request bodies) with the same raw
/// bytes, for responses `TestHTTPServer` cannot produce (chunked bodies, bodies ended by close).
final class CannedUpstream: Sendable {
    let port: Int
    private let channel: any Channel
    private let task: Task<Void, Never>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, channel: any Channel, task: Task<Void, Never>) {
        self.port = port
        self.channel = channel
        self.task = task
    }

    /// Answers each request with `reply`; closes after it when `closeAfter`.
    static func start(reply: [UInt8], closeAfter: Bool) async throws -> CannedUpstream {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let task = Task<Void, Never> {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask {
                            try? await connection.executeThenClose { inbound, outbound in
                                var reader = FaultProxyByteReader(inbound)
                                while try await reader.readHead() != nil {
                                    try await outbound.write(ByteBuffer(bytes: reply))
                                    if closeAfter { return }
                                }
                            }
                        }
                    }
                }
            }
        }
        return CannedUpstream(port: server.channel.localAddress?.port ?? 0, channel: server.channel, task: task)
    }

    func shutdown() async {
        try? await channel.close()
        task.cancel()
        await task.value
    }
}
