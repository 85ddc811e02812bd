import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// A `Retrier` on a fake clock (sleeps return at once and move the time) whose jitter is pinned
/// (`unit` 1: every wait is its ceiling, 1 s, 2 s, 4 s … 30 s), recording every event.
final class RetryRecorder: Sendable {
    let clock: FakeClock
    let retrier: Retrier
    private let recorded = Guarded<[RetryEvent]>([])

    init(policy: RetryPolicy = .standard, storeName: String = "memory://test", unit: Double = 1, clock: FakeClock = FakeClock()) {
        self.clock = clock
        let recorded = self.recorded
        retrier = Retrier(
            policy: policy, storeName: storeName, clock: clock, random: { unit },
            observer: { event in recorded.update { $0.append(event) } })
    }

    var events: [RetryEvent] { recorded.get() }

    /// The wait of every retry, in order.
    var waits: [Double] {
        events.compactMap { if case .retrying(_, _, _, let wait, _) = $0 { return wait } else { return nil } }
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
    @Test func waitsDoubleFromOneSecondUpToThirtyWithFullJitterAboveHalfASecond() {
        let policy = RetryPolicy.standard
        #expect((1...8).map { policy.ceiling(forRetry: $0) } == [1, 2, 4, 8, 16, 30, 30, 30])
        #expect(policy.ceiling(forRetry: 1000) == 30)
        #expect(policy.delay(forRetry: 1, retryAfter: nil, unit: 0) == 0.5)
        #expect(policy.delay(forRetry: 1, retryAfter: nil, unit: 1) == 1)
        #expect(policy.delay(forRetry: 3, retryAfter: nil, unit: 0.5) == 0.5 + 0.5 * 3.5)
        #expect(policy.delay(forRetry: 9, retryAfter: nil, unit: 0) == 0.5, "full jitter: the floor stays low")
        #expect(policy.delay(forRetry: 9, retryAfter: nil, unit: 1) == 30)
    }

    @Test func retryAfterIsHonouredUpToItsCap() {
        let policy = RetryPolicy.standard
        #expect(policy.delay(forRetry: 1, retryAfter: 7, unit: 0) == 7)
        #expect(policy.delay(forRetry: 6, retryAfter: 7, unit: 1) == 30, "a longer backoff wins")
        #expect(policy.delay(forRetry: 1, retryAfter: 3600, unit: 0) == 120)
        #expect(policy.delay(forRetry: 1, retryAfter: -1, unit: 0) == 0.5)
    }

    @Test func defaultsAreFiveMinutesAndPauseAfterThirtySeconds() {
        #expect(RetryPolicy.standard.budget == 300)
        #expect(RetryPolicy.standard.pauseAfter == 30)
        #expect(RetryPolicy(budget: 20).pauseAfter == 5, "a short budget pauses after a quarter of it")
        #expect(RetryPolicy.noRetry.budget == 0)
        #expect(RetryPolicy.standard.maximumAttempts == 602)
    }

    @Test func theWaitScaleShortensEveryWaitButNotTheBudget() {
        let fast = RetryPolicy(waitScale: 0.01)
        #expect(fast.budget == 300)
        #expect(fast.delay(forRetry: 6, retryAfter: nil, unit: 1) == 0.3)
        #expect(fast.delay(forRetry: 1, retryAfter: 1, unit: 0) == 0.01)
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
