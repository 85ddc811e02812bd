import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

@Suite("Retrier: one request")
struct RetrierTests {
    static let request = RetryRequest(operation: "PUT", key: "k")

    static func transient(_ message: String, status: Int? = 503, retryAfter: Double? = nil) -> StoreError {
        StoreError(.transient, operation: "PUT", key: "k", httpStatus: status, message: message, retryAfterSeconds: retryAfter)
    }

    @Test func transientFailuresAreRetriedHonouringRetryAfter() async throws {
        let rig = RetryRecorder()
        let op = FlakyOperation(failures: [Self.transient("slow down", retryAfter: 2), Self.transient("oops", status: 500)])
        let attempts = Guarded<[Int]>([])
        let result = try await rig.retrier.run(Self.request) { attempt in
            attempts.update { $0.append(attempt) }
            return try op()
        }
        #expect(result == "ok")
        #expect(attempts.get() == [1, 2, 3])
        #expect(rig.waits == [2, 2], "Retry-After 2 beats the 1 s ceiling; then the 2 s ceiling")
        #expect(rig.clock.sleeps == [2, 2])
        #expect(rig.retrier.tallySoFar == RetryTally(retries: 2, waitSeconds: 4))
        #expect(rig.events.last == .recovered(Self.request, attempt: 3))
    }

    @Test(arguments: [
        StoreError(.credentialsRejected, operation: "PUT", httpStatus: 403, message: "credentials rejected"),
        StoreError(.notFound, operation: "GET", httpStatus: 404, serverCode: "NoSuchBucket", message: "no bucket"),
        StoreError(.permanent, operation: "PUT", httpStatus: 400, message: "bad request"),
        StoreError(.localIO, operation: "PUT", message: "cannot read the body file"),
    ])
    func refusalsComeBackAtOnceUnchanged(_ refusal: StoreError) async {
        let rig = RetryRecorder()
        let op = FlakyOperation(failures: [refusal])
        let error = await #expect(throws: StoreError.self) { try await rig.retrier.run(Self.request) { _ in try op() } }
        #expect(error == refusal)
        #expect(op.calls == 1)
        #expect(rig.clock.sleeps.isEmpty)
    }

    @Test func aRequestIsRetriedUntilItsBudgetIsSpentAndNoAttemptStartsLater() async {
        let rig = RetryRecorder()
        let start = rig.clock.now()
        let starts = Guarded<[Double]>([])
        let error = await #expect(throws: StoreError.self) {
            try await rig.retrier.run(Self.request) { _ -> String in
                starts.update { $0.append(rig.clock.now().timeIntervalSince(start)) }
                throw Self.transient("still down")
            }
        }
        // 1+2+4+8+16, then 30 s waits, the last one cut to end exactly at the budget. From 30 s
        // on the store counts as down for everyone; the probes' back-off has grown past the
        // budget's end, so the request ends there with the circuit's message.
        #expect(rig.waits == [1, 2, 4, 8, 16] + Array(repeating: 30, count: 8) + [29])
        #expect(starts.get() == [0, 1, 3, 7, 15, 31, 61, 91, 121, 151, 181, 211, 241, 271])
        #expect(rig.clock.now().timeIntervalSince(start) == 300)
        #expect(error?.code == .transient)
        #expect(error?.message.contains("memory://test has failed every request for 5m00s") == true, "\(String(describing: error))")
        #expect(error?.message.contains("still down") == true)
        #expect(error?.hint != nil)
        if case .gaveUp(_, let attempts, let elapsed, _)? = rig.events.last {
            #expect(attempts == 14 && elapsed == 300)
        } else {
            Issue.record("no gaveUp event: \(rig.events.last.map { "\($0)" } ?? "none")")
        }
    }

    @Test func aRequestFailingWhileTheStoreIsNotPausedGivesUpWithItsOwnError() async {
        // The circuit never pauses here (as when other requests keep getting answers).
        let rig = RetryRecorder(policy: RetryPolicy(budget: 10, pauseAfter: 100))
        let op = FlakyOperation(failures: (1...20).map { Self.transient("this key only \($0)") })
        let error = await #expect(throws: StoreError.self) { try await rig.retrier.run(Self.request) { _ in try op() } }
        #expect(op.calls == 5, "attempts at 0, 1, 3, 7 and 10 s")
        #expect(error?.message == "this key only 5 (still failing after 5 attempts over 10s, the retry budget)")
    }

    @Test func aRequestFailingForItsBudgetWhileNothingAnswersEndsWithTheStoresMessage() async {
        // The budget's end comes before the circuit's own verdict (the probe is this request):
        // the store answered nobody since this request first failed, so it is down for everyone.
        let rig = RetryRecorder(policy: RetryPolicy(budget: 10))
        let op = FlakyOperation(failures: (1...20).map { Self.transient("down \($0)") })
        let error = await #expect(throws: StoreError.self) { try await rig.retrier.run(Self.request) { _ in try op() } }
        #expect(op.calls == 5, "attempts at 0, 1, 3, 7 and 10 s")
        #expect(error?.message.hasPrefix("memory://test has failed every request for 10s (the retry budget is 10s)") == true,
                "\(String(describing: error))")
        #expect(error?.message.contains("down 5") == true, "it names the last error: \(String(describing: error))")
    }

    @Test func aZeroBudgetNeverRetries() async {
        let rig = RetryRecorder(policy: .noRetry)
        let op = FlakyOperation(failures: [Self.transient("once")])
        let error = await #expect(throws: StoreError.self) { try await rig.retrier.run(Self.request) { _ in try op() } }
        #expect(error == Self.transient("once"), "the first failure, unchanged")
        #expect(op.calls == 1)
    }

    @Test func cancellationStopsAWaitAtOnce() async throws {
        let clock = FakeClock.manual()
        let rig = RetryRecorder(clock: clock)
        let op = FlakyOperation(failures: [Self.transient("busy")])
        let task = Task { try await rig.retrier.run(Self.request) { _ in try op() } }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(op.calls == 1)
        #expect(clock.sleeperCount == 0)
    }
}
