@testable import AgentBackupTestSupport
import Foundation
import Testing

/// The fault proxy against a tiny local HTTP server: faithful forwarding, and every fault as a
/// client sees it on the wire.
@Suite("FaultProxy")
struct FaultProxyTests {
    /// Echoes the request: status 200, the body back, and the method and target in headers.
    static let echo: TestHTTPServer.Handler = { request in
        .respond(
            TestHTTPResponse(
                status: 200, headers: [("X-Method", request.method), ("X-Target", request.uri)], body: request.body))
    }

    @Test("forwards requests byte for byte, several on one kept-alive connection")
    func forwardsExactly() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL) { proxy in
                let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port,
                    [
                        RawHTTPClient.request("PUT", "/bucket/a%20b?x=1", body: body),
                        RawHTTPClient.request("GET", "/bucket/second"),
                        RawHTTPClient.request("HEAD", "/bucket/third"),
                    ])
                #expect(outcomes.count == 3)
                #expect(outcomes[0].status == 200)
                #expect(outcomes[0].body == body)
                #expect(outcomes[0].header("X-Target") == "/bucket/a%20b?x=1")
                #expect(outcomes[1].header("X-Method") == "GET")
                #expect(outcomes[2].status == 200)
                #expect(outcomes[2].body == [])
                #expect(server.requests.map(\.uri) == ["/bucket/a%20b?x=1", "/bucket/second", "/bucket/third"])
                #expect(server.requests.first?.body == body)
                let counts = proxy.counts
                #expect(counts.connections == 1)
                #expect(counts.requests == 3)
                #expect(counts.forwarded == 3)
                #expect(counts.failedAttempts == 0)
                #expect(counts.bytesToServer > Int64(body.count))
                #expect(counts.bytesToClient > Int64(body.count))
                #expect(proxy.exchanges.map(\.upstreamStatus) == [200, 200, 200])
            }
        }
    }

    @Test("a chunked request body is forwarded whole")
    func chunkedRequest() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL) { proxy in
                let head = "PUT /bucket/chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                let chunks = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port, [Array((head + chunks).utf8), RawHTTPClient.request("GET", "/after")])
                #expect(outcomes.first?.body == Array("hello, world".utf8))
                #expect(outcomes.last?.status == 200)
                #expect(server.requests.count == 2)
            }
        }
    }

    @Test(
        "made-up answers carry S3 XML errors and keep the connection usable",
        arguments: [
            (FaultProxyFault.serviceUnavailable(retryAfterSeconds: nil), 503, "ServiceUnavailable", nil as String?),
            (.serviceUnavailable(retryAfterSeconds: 3), 503, "SlowDown", "3"),
            (.internalError, 500, "InternalError", nil),
            (.tooManyRequests, 429, "SlowDown", nil),
            (.error(status: 403, code: "AccessDenied", message: "no"), 403, "AccessDenied", nil),
        ])
    func madeUpAnswers(fault: FaultProxyFault, status: Int, code: String, retryAfter: String?) async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([fault])) { proxy in
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port,
                    [RawHTTPClient.request("PUT", "/bucket/k", body: [1, 2, 3]), RawHTTPClient.request("GET", "/bucket/k")])
                #expect(outcomes.count == 2)
                #expect(outcomes[0].status == status)
                #expect(outcomes[0].header("Retry-After") == retryAfter)
                let xml = String(decoding: outcomes[0].body ?? [], as: UTF8.self)
                #expect(xml.contains("<Code>\(code)</Code>"))
                #expect(xml.contains("<Resource>/bucket/k</Resource>"))
                #expect(outcomes[1].status == 200)
                #expect(server.requests.map(\.method) == ["GET"])  // the failed PUT never arrived
                #expect(proxy.counts.count(fault.kind) == 1)
                #expect(proxy.counts.forwarded == 1)
            }
        }
    }

    @Test("a made-up answer to HEAD has no body")
    func headAnswer() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([.internalError])) { proxy in
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port, [RawHTTPClient.request("HEAD", "/b/k"), RawHTTPClient.request("GET", "/b/k")])
                #expect(outcomes.map(\.status) == [500, 200])
                #expect(outcomes[0].body == [])
            }
        }
    }

    @Test("reset before forwarding: the client sees a reset and the server nothing")
    func resetBefore() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([.resetBeforeForwarding])) {
                proxy in
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port, [RawHTTPClient.request("PUT", "/b/k", body: [9, 9]), RawHTTPClient.request("GET", "/b/k")])
                #expect(outcomes == [.broken(received: 0, reset: true)])
                #expect(server.requests.isEmpty)
                #expect(proxy.counts.count(.resetBeforeForwarding) == 1)
                #expect(proxy.counts.forwarded == 0)
            }
        }
    }

    @Test("reset mid-response: the server acted, the client got part of the body and a reset")
    func resetMidBody() async throws {
        let body = [UInt8](repeating: 7, count: 10_000)
        try await TestHTTPServer.withServer({ _ in .respond(TestHTTPResponse(status: 200, body: body)) }) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([.resetMidResponse])) { proxy in
                let outcomes = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("GET", "/b/big")])
                #expect(outcomes.count == 1)
                guard case .broken(let received, _) = outcomes.first else {
                    Issue.record("expected a broken response, got \(outcomes)")
                    return
                }
                // Usually part of the body arrives; on a loaded machine the reset may discard it.
                #expect(received < 10_000)
                #expect(server.requests.count == 1)
                #expect(proxy.counts.count(.resetMidResponse) == 1)
                #expect(proxy.counts.forwarded == 1)
            }
        }
    }

    @Test("reset mid-response with an empty body cuts the head")
    func resetMidHead() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([.resetMidResponse])) { proxy in
                let outcomes = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("PUT", "/b/k")])
                guard case .broken(let received, _) = outcomes.first, outcomes.count == 1 else {
                    Issue.record("expected a broken response, got \(outcomes)")
                    return
                }
                #expect(received < 40, "at most half a head arrives, then the reset: \(received) bytes")
                #expect(server.requests.map(\.method) == ["PUT"])
            }
        }
    }

    @Test("a delay holds the request, then forwards it")
    func delay() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: .scripted([.delay(milliseconds: 300)])) {
                proxy in
                let start = ContinuousClock.now
                let outcomes = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("GET", "/b/k")])
                #expect(ContinuousClock.now - start >= .milliseconds(300))
                #expect(outcomes.first?.status == 200)
                #expect(proxy.counts.count(.delay) == 1)
                #expect(proxy.counts.failedAttempts == 0)
            }
        }
    }

    @Test("a hang answers nothing until the client gives up, and is bounded by the hang limit")
    func hang() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(
                upstream: server.baseURL, schedule: .always(.hang), hangLimit: .milliseconds(300)
            ) { proxy in
                // The client gives up first (its timeout is shorter than the proxy's limit).
                let start = ContinuousClock.now
                let first = try await RawHTTPClient.exchange(
                    port: proxy.port, [RawHTTPClient.request("GET", "/b/k")], timeout: .milliseconds(150))
                #expect(first == [.broken(received: 0, reset: false)])
                #expect(ContinuousClock.now - start >= .milliseconds(150))
                // A patient client is let go by the hang limit: well before its own 120 s timeout
                // (the bound is generous: at load 20 on two cores the test took 38 s).
                let patientStart = ContinuousClock.now
                let second = try await RawHTTPClient.exchange(
                    port: proxy.port, [RawHTTPClient.request("GET", "/b/k")], timeout: .seconds(120))
                #expect(second == [.broken(received: 0, reset: false)])
                #expect(ContinuousClock.now - patientStart < .seconds(90))
                #expect(server.requests.isEmpty)
                #expect(proxy.counts.count(.hang) == 2)
            }
        }
    }

    @Test("faults can be limited to some requests, and the schedule changed while running")
    func onlyForAndSwitch() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            let schedule = FaultSchedule.always(.internalError).onlyFor { $0.method == "PUT" }
            try await FaultProxy.withProxy(upstream: server.baseURL, schedule: schedule) { proxy in
                let outcomes = try await RawHTTPClient.exchange(
                    port: proxy.port,
                    [RawHTTPClient.request("GET", "/b/k"), RawHTTPClient.request("PUT", "/b/k"), RawHTTPClient.request("GET", "/b/j")])
                #expect(outcomes.map(\.status) == [200, 500, 200])
                proxy.setSchedule(.none)
                let later = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("PUT", "/b/k")])
                #expect(later.map(\.status) == [200])
                #expect(proxy.counts.count(.internalError) == 1)
                proxy.resetCounts()
                #expect(proxy.counts == FaultProxyCounts())
            }
        }
    }

    @Test("waitForTraffic returns once enough bytes went through, and times out otherwise")
    func waitForTraffic() async throws {
        try await TestHTTPServer.withServer(Self.echo) { server in
            try await FaultProxy.withProxy(upstream: server.baseURL) { proxy in
                #expect(await proxy.waitForTraffic(atLeast: 1, timeout: .milliseconds(50)) == false)
                _ = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("PUT", "/b/k", body: [1])])
                #expect(await proxy.waitForTraffic(atLeast: 50, timeout: .seconds(60)))
                #expect(await proxy.waitUntilIdle(timeout: .seconds(60)))
                #expect(proxy.openConnections == 0)
            }
        }
    }

    @Test("a server that is down shows as a reset, counted")
    func upstreamDown() async throws {
        let server = try await TestHTTPServer.start(handler: Self.echo)
        let upstream = server.baseURL
        await server.shutdown()
        try await FaultProxy.withProxy(upstream: upstream) { proxy in
            let outcomes = try await RawHTTPClient.exchange(port: proxy.port, [RawHTTPClient.request("GET", "/b/k")])
            #expect(outcomes.count == 1)
            #expect(outcomes.first?.status == nil)
            #expect(proxy.counts.upstreamFailures == 1)
        }
    }

    @Test("an upstream that is not http://host:port is refused")
    func badUpstream() async throws {
        await #expect(throws: FaultProxyError.self) { try await FaultProxy.start(upstream: "https://example.com") }
    }
}
