import AgentBackupTestSupport
import AsyncHTTPClient
import Testing

/// The shared loopback HTTP server answers, records, and breaks connections as asked.
@Suite struct TestHTTPServerTests {
    /// Runs `body` with a client that is always shut down.
    static func withClient<R>(_ body: (HTTPClient) async throws -> R) async throws -> R {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test func answersAndRecordsRequests() async throws {
        try await TestHTTPServer.withServer({ request in
            .respond(.text(201, "\(request.method) \(request.path) \(request.query ?? "-") \(request.body.count)"))
        }) { server in
            let text = try await Self.withClient { client in
                var request = HTTPClientRequest(url: server.baseURL + "/bucket/a%20b?list-type=2")
                request.method = .PUT
                request.headers.add(name: "X-Test", value: "yes")
                request.body = .bytes(Array("hello".utf8))
                let response = try await client.execute(request, timeout: .seconds(120))
                #expect(response.status.code == 201)
                return String(buffer: try await response.body.collect(upTo: 1 << 16))
            }
            #expect(text == "PUT /bucket/a%20b list-type=2 5")
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.header("x-test") == "yes")
            #expect(server.port > 0)
        }
    }

    @Test func aHeadAnswerHasTheLengthButNoBodyAndTheConnectionStaysUsable() async throws {
        try await TestHTTPServer.withServer({ _ in .text(200, "twelve bytes") }) { server in
            try await Self.withClient { client in
                var head = HTTPClientRequest(url: server.baseURL + "/o")
                head.method = .HEAD
                let answer = try await client.execute(head, timeout: .seconds(60))
                #expect(answer.headers.first(name: "Content-Length") == "12")
                #expect(try await answer.body.collect(upTo: 1 << 16).readableBytes == 0)
                let get = try await client.execute(HTTPClientRequest(url: server.baseURL + "/o"), timeout: .seconds(60))
                #expect(String(buffer: try await get.body.collect(upTo: 1 << 16)) == "twelve bytes")
            }
            #expect(server.requests.map(\.method) == ["HEAD", "GET"])
        }
    }

    @Test func aDeclaredContentLengthIsKeptForHead() async throws {
        try await TestHTTPServer.withServer({ _ in .respond(status: 200, headers: [("Content-Length", "13631488")]) }) { server in
            let length = try await Self.withClient { client in
                var head = HTTPClientRequest(url: server.baseURL + "/big")
                head.method = .HEAD
                return try await client.execute(head, timeout: .seconds(60)).headers.first(name: "Content-Length")
            }
            #expect(length == "13631488")
        }
    }

    @Test func noReplyLetsTheClientTimeOut() async throws {
        try await TestHTTPServer.withServer({ _ in .noReply }) { server in
            await #expect(throws: (any Error).self) {
                try await Self.withClient { client in
                    _ = try await client.execute(HTTPClientRequest(url: server.baseURL + "/slow"), timeout: .milliseconds(300))
                }
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func resetConnectionFailsTheRequest() async throws {
        try await TestHTTPServer.withServer({ _ in .resetConnection }) { server in
            await #expect(throws: (any Error).self) {
                try await Self.withClient { client in
                    let response = try await client.execute(HTTPClientRequest(url: server.baseURL + "/x"), timeout: .seconds(120))
                    _ = try await response.body.collect(upTo: 1 << 16)
                }
            }
        }
    }

    /// Event-based, with a deadline generous for a loaded machine: the server resets only after
    /// the client has read the head and the first bytes (it once missed a 10 s deadline in CI
    /// while another build had both cores).
    @Test func resetMidBodyDeliversHeadThenFails() async throws {
        let body = [UInt8](repeating: 7, count: 100_000)
        let clientRead = TestSignal()
        try await TestHTTPServer.withServer({ _ in
            .resetMidBody(TestHTTPResponse(status: 200, body: body), sentBytes: 1_000, resetWhen: clientRead)
        }) { server in
            let outcome: (status: UInt, received: Int, error: (any Error)?) = try await Self.withClient { client in
                let response = try await client.execute(HTTPClientRequest(url: server.baseURL + "/big"), timeout: .seconds(120))
                var chunks = response.body.makeAsyncIterator()
                var received = 0
                do {
                    if let first = try await chunks.next() { received += first.readableBytes }
                    clientRead.fire()
                    while let chunk = try await chunks.next() { received += chunk.readableBytes }
                    return (response.status.code, received, nil)
                } catch {
                    return (response.status.code, received, error)
                }
            }
            #expect(outcome.status == 200)
            #expect(outcome.received > 0 && outcome.received <= 1_000, "only what was sent: \(outcome.received)")
            #expect(outcome.error != nil, "a body cut short must fail, not look complete")
        }
    }

    @Test func shutdownStopsListening() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(TestHTTPResponse(status: 204)) }
        let url = server.baseURL + "/"
        await server.shutdown()
        await #expect(throws: (any Error).self) {
            try await Self.withClient { client in
                // Refused at once; a generous deadline, so a server still listening would answer.
                _ = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            }
        }
    }
}
