import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Records the sleeps a policy asked for, instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Double] = []
    var sleeps: [Double] { lock.withLock { recorded } }

    func policy(maxAttempts: Int = 4, jitter: Double = 0) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: maxAttempts, sleep: { [self] seconds in lock.withLock { recorded.append(seconds) } },
            random: { jitter })
    }
}

/// Counts calls, failing the first ones with the given errors.
final class FlakyOperation: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [StoreError]
    private(set) var calls = 0

    init(failures: [StoreError]) { self.failures = failures }

    func callAsFunction() throws -> String {
        try lock.withLock {
            calls += 1
            if !failures.isEmpty { throw failures.removeFirst() }
            return "ok"
        }
    }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test func backoffIsTheReferenceSchedulePlusJitter() {
        let policy = RetryPolicy(random: { 1 })
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) == 0.5 + 0.25)
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil) == 1.0 + 0.25)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil) == 2.0 + 0.25)
        #expect(policy.delay(afterAttempt: 6, retryAfter: nil) == 8.0 + 0.25)
        #expect(policy.delay(afterAttempt: 100, retryAfter: nil) == 8.0 + 0.25)
        let noJitter = RetryPolicy(random: { 0 })
        #expect(noJitter.delay(afterAttempt: 1, retryAfter: 3) == 3)
        #expect(noJitter.delay(afterAttempt: 1, retryAfter: 3600) == 60)
    }

    @Test func transientFailuresAreRetriedHonouringRetryAfter() async throws {
        let recorder = SleepRecorder()
        let op = FlakyOperation(failures: [
            StoreError(.transient, operation: "PUT", httpStatus: 503, message: "slow down", retryAfterSeconds: 2),
            StoreError(.transient, operation: "PUT", httpStatus: 500, message: "oops"),
        ])
        let result = try await recorder.policy().run { _ in try op() }
        #expect(result == "ok")
        #expect(op.calls == 3)
        #expect(recorder.sleeps == [2, 1])
    }

    @Test func permanentFailuresAreNotRetried() async {
        let recorder = SleepRecorder()
        let op = FlakyOperation(failures: [
            StoreError(.credentialsRejected, operation: "PUT", httpStatus: 403, message: "credentials rejected")
        ])
        await #expect(throws: StoreError.self) { try await recorder.policy().run { _ in try op() } }
        #expect(op.calls == 1)
        #expect(recorder.sleeps.isEmpty)
    }

    @Test func attemptsRunOutAndTheLastErrorComesBack() async {
        let recorder = SleepRecorder()
        let op = FlakyOperation(failures: (1...10).map { StoreError(.transient, operation: "GET", message: "try \($0)") })
        let error = await #expect(throws: StoreError.self) { try await recorder.policy(maxAttempts: 4).run { _ in try op() } }
        #expect(error?.message == "try 4")
        #expect(op.calls == 4)
        #expect(recorder.sleeps == [0.5, 1, 2])
    }
}

@Suite("Async semaphore")
struct AsyncSemaphoreTests {
    @Test func neverMoreHoldersThanPermits() async throws {
        let semaphore = AsyncSemaphore(limit: 3)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await semaphore.withPermit {
                        gauge.enter()
                        try await Task.sleep(nanoseconds: 1_000_000)
                        gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.peak == 3)
        #expect(semaphore.availablePermits == 3)
    }

    @Test func aCancelledWaiterStopsWaitingAndLeavesPermitsIntact() async throws {
        let semaphore = AsyncSemaphore(limit: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        try await Task.sleep(nanoseconds: 20_000_000)
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        semaphore.release()
        #expect(semaphore.availablePermits == 1)
    }
}

/// Tracks how many holders are inside at once.
final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var peak = 0

    func enter() { lock.withLock { current += 1; peak = max(peak, current) } }
    func leave() { lock.withLock { current -= 1 } }
}
