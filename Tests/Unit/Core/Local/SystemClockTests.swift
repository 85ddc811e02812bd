import Foundation
import Testing
@testable import AgentBackupInfrastructure

@Suite("SystemClock")
struct SystemClockTests {
    @Test func nowIsTheWallClockAndSleepWaits() async throws {
        let clock = SystemClock()
        let before = Date()
        let start = clock.now()
        try await clock.sleep(seconds: 0.05)
        let end = clock.now()
        #expect(start.timeIntervalSince(before) >= -0.001)
        #expect(end.timeIntervalSince(start) >= 0.045)
    }

    @Test func sleepStopsWhenCancelled() async throws {
        let task = Task { try await SystemClock().sleep(seconds: 30) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }
}
