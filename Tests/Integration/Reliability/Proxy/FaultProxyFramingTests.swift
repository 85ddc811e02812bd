@testable import AgentBackupTestSupport
import Testing

/// Response boundaries the proxy must find in answers a plain echo server never gives.
@Suite("FaultProxy framing")
struct FaultProxyFramingTests {
    @Test("a chunked answer is relayed whole and the connection stays usable")
    func chunkedResponse() async throws {
        let reply = Array(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\n0\r\nX-T: 1\r\n\r\n".utf8)
        let upstream = try await CannedUpstream.start(reply: reply, closeAfter: false)
        defer { Task { await upstream.shutdown() } }
        try await FaultProxy.withProxy(upstream: upstream.baseURL) { proxy in
            let outcomes = try await RawHTTPClient.exchange(
                port: proxy.port, [RawHTTPClient.request("GET", "/a"), RawHTTPClient.request("GET", "/b")])
            #expect(outcomes.map(\.status) == [200, 200])
            #expect(outcomes.map(\.body) == [Array("Wikipedia ".utf8), Array("Wikipedia ".utf8)])
            #expect(proxy.counts.bytesToClient == Int64(2 * reply.count))  // every byte, trailers too
            #expect(proxy.counts.forwarded == 2)
        }
        await upstream.shutdown()
    }

    @Test("an answer without a length runs until the server closes, then the client connection closes")
    func untilClose() async throws {
        let reply = Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of this is the body".utf8)
        let upstream = try await CannedUpstream.start(reply: reply, closeAfter: true)
        try await FaultProxy.withProxy(upstream: upstream.baseURL) { proxy in
            let outcomes = try await RawHTTPClient.exchange(
                port: proxy.port, [RawHTTPClient.request("GET", "/a"), RawHTTPClient.request("GET", "/b")])
            #expect(outcomes.first?.body == Array("all of this is the body".utf8))
            #expect(outcomes.count == 2 && outcomes.last?.status == nil)  // no second answer on a closed connection
            #expect(proxy.counts.bytesToClient == Int64(reply.count))
            #expect(proxy.counts.requests == 1)  // the proxy closed after the first answer
        }
        await upstream.shutdown()
    }

    @Test("response framing follows RFC 9112")
    func framingRules() throws {
        func head(_ text: String) throws -> FaultProxyResponseHead {
            try FaultProxyResponseHead.parse(Array((text + "\r\n\r\n").utf8))
        }
        #expect(try head("HTTP/1.1 200 OK\r\nContent-Length: 10").framing(requestMethod: "HEAD") == .none)
        #expect(try head("HTTP/1.1 204 No Content").framing(requestMethod: "DELETE") == .none)
        #expect(try head("HTTP/1.1 304 Not Modified\r\nContent-Length: 5").framing(requestMethod: "GET") == .none)
        #expect(try head("HTTP/1.1 200 OK\r\ncontent-length: 10").framing(requestMethod: "GET") == .length(10))
        #expect(try head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked").framing(requestMethod: "GET") == .chunked)
        #expect(try head("HTTP/1.1 200 OK").framing(requestMethod: "GET") == .untilClose)
        #expect(try head("HTTP/1.0 200 OK\r\nContent-Length: 1").closesConnection(requestMethod: "GET"))
        #expect(try !head("HTTP/1.1 200 OK\r\nContent-Length: 1").closesConnection(requestMethod: "GET"))
        #expect(throws: FaultProxyError.self) { try head("SSH-2.0-OpenSSH") }
        #expect(throws: FaultProxyError.self) { try FaultProxyRequest.parse(Array("GET /\r\n\r\n".utf8)) }
    }
}
