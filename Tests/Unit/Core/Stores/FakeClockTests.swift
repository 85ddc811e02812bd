import AgentBackupTestSupport
import Foundation
import Testing

@Suite struct FakeClockTests {
    @Test func startsAtTheSpecExampleInstant() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(formatter.string(from: FakeClock().now()) == "2026-02-09T10:04:05.123Z")
    }

    @Test func sleepRecordsAndAdvancesWithoutWaiting() async throws {
        let clock = FakeClock()
        let start = clock.now()
        let wall = ContinuousClock.now
        try await clock.sleep(seconds: 3600)
        try await clock.sleep(seconds: 0.5)
        #expect(ContinuousClock.now - wall < .seconds(120), "the fake hour must not be slept for real")
        #expect(clock.sleeps == [3600, 0.5])
        #expect(clock.totalSlept == 3600.5)
        #expect(clock.now().timeIntervalSince(start) == 3600.5)
    }

    @Test func timeCanStandStillAndBeSet() async throws {
        let clock = FakeClock(sleepAdvancesTime: false)
        let start = clock.now()
        try await clock.sleep(seconds: 10)
        #expect(clock.now() == start)
        clock.advance(by: 60)
        #expect(clock.now() == start.addingTimeInterval(60))
        clock.set(Date(timeIntervalSince1970: 0))
        #expect(clock.now() == Date(timeIntervalSince1970: 0))
    }

    @Test func sleepThrowsWhenCancelled() async {
        let clock = FakeClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(seconds: 1)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeps.isEmpty)
    }
}
