import AgentBackupPorts
import NIOHTTP1

/// A request as `TestHTTPServer` received it (body fully read).
public struct TestHTTPRequest: Sendable {
    public var method: String
    /// The request target as sent: path and query, still percent-encoded.
    public var uri: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    /// The part of `uri` before `?`.
    public var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

    /// The part of `uri` after `?`, or nil.
    public var query: String? {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : nil
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first(name: name)
    }
}

/// A complete answer: status, headers (Content-Length is added unless they declare one), body.
public struct TestHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 body (`application/xml` by default, as S3 answers).
    public static func text(_ status: Int, _ body: String, contentType: String = "application/xml") -> TestHTTPResponse {
        TestHTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8))
    }
}

/// What `TestHTTPServer` does with one request: answer, or misbehave like a broken network.
public enum TestHTTPReply: Sendable {
    case respond(TestHTTPResponse)
    /// Closes the connection with a TCP reset before answering anything.
    case resetConnection
    /// Sends the head (with the full Content-Length) and only the first `sentBytes` of the body,
    /// then, once `resetWhen` fires, resets the connection: a transfer cut off mid-body. The
    /// client fires it after reading what was sent (a reset discards data still queued, so a
    /// reset on a timer would race a slow client).
    case resetMidBody(TestHTTPResponse, sentBytes: Int, resetWhen: TestSignal)
    /// Never answers (the connection stays open until the client gives up): for timeouts.
    case noReply

    /// A complete answer with a UTF-8 body and exactly `headers` (Content-Length is added).
    public static func text(_ status: Int, _ text: String, headers: [(String, String)] = []) -> TestHTTPReply {
        .respond(TestHTTPResponse(status: status, headers: headers, body: Array(text.utf8)))
    }

    /// A complete answer (Content-Length is added unless `headers` declare one, e.g. for HEAD).
    public static func respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) -> TestHTTPReply {
        .respond(TestHTTPResponse(status: status, headers: headers, body: body))
    }

    /// A head announcing `declaredLength` bytes, then only `partialBody`, then at once a reset
    /// (for clients that only need to see the transfer fail, not read the partial bytes).
    public static func resetMidBody(status: Int, declaredLength: Int, partialBody: [UInt8]) -> TestHTTPReply {
        let body = partialBody + Array(repeating: 0, count: max(0, declaredLength - partialBody.count))
        let now = TestSignal()
        now.fire()
        return .resetMidBody(TestHTTPResponse(status: status, body: body), sentBytes: partialBody.count, resetWhen: now)
    }
}

/// A one-shot event between a test and the code it drives: `wait()` returns once `fire()` was
/// called (at once if it already was). Lets tests wait for events instead of durations.
public final class TestSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Locked(State())

    public init() {}

    /// Fires the event, releasing every waiter.
    public func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.fired = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the event has fired.
    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let fired = state.withLock { state -> Bool in
                if !state.fired { state.waiters.append(continuation) }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
