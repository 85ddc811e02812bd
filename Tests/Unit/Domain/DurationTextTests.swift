@testable import AgentBackupDomain
import Testing

/// The one reader of durations (`@every` schedules, `push --debounce`).
@Suite("Duration text")
struct DurationTextTests {
    @Test(arguments: [("45s", Int64(45)), ("5m", 300), ("1h30m", 5400), ("2d", 172_800), ("0s", 0), ("1h0m5s", 3605)])
    func durationsRead(text: String, seconds: Int64) throws {
        #expect(try DurationText.seconds(text, maximum: 1_000_000) == seconds)
    }

    @Test(arguments: [
        ("5", "ends in a number without a unit"), ("m", "has a unit without a number"), ("5x", "where a unit (d, h, m, s) or a digit belongs"),
        ("2d", "is too long"),
    ])
    func nonDurationsSayWhy(text: String, reason: String) {
        #expect(throws: DurationText.Failure.self) { try DurationText.seconds(text, maximum: 86_399) }
        do {
            _ = try DurationText.seconds(text, maximum: 86_399)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }
}
