import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct CronEveryTests {
    @Test(arguments: [
        ("@every 2s", Int64(2)),
        ("@every 5m", 300),
        ("@every 1h", 3600),
        ("@every 1h30m", 5400),
        ("@every 1d2h3m4s", 93_784),
        ("@every 90s", 90),
        ("@EVERY 10M", 600),
        ("@every   45s ", 45),
        ("@every\t45s\n", 45),
        ("@every 1s", 1),
    ])
    func durations(text: String, seconds: Int64) throws {
        let schedule = try CronSchedule(parsing: text)
        #expect(schedule.intervalSeconds == seconds)
        let start = Date(timeIntervalSince1970: 1_770_631_445.25)
        #expect(schedule.nextFire(after: start, in: CronClock.newYork) == start.addingTimeInterval(TimeInterval(seconds)))
    }

    @Test(arguments: [
        ("@every", "needs a duration"),
        ("@every 0s", "minimum of 1s"),
        ("@every 0h0m", "minimum of 1s"),
        ("@every 5", "without a unit"),
        ("@every m", "unit without a number"),
        ("@every 5x", "\"x\""),
        ("@every 1.5h", "\".\""),
        ("@every -5m", "\"-\""),
        ("@every 99999999999h", "too long"),
        ("@every 100000d", "too long"),
        ("@every 3000d3000d", "too long"),
        ("@often", "unknown alias"),
        ("@everyday", "unknown alias"),
        ("@every 1h 30m", "without spaces"),
    ])
    func badDurationsAreRefused(text: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try CronSchedule(parsing: text) }
        #expect(error?.code == .invalidSchedule)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("@every 30m") == true)
    }
}

@Suite struct CronErrorTests {
    @Test(arguments: [
        ("61 * * * *", "minute 61 out of range 0-59"),
        ("60 * * * *", "minute 60 out of range 0-59"),
        ("* 24 * * *", "hour 24 out of range 0-23"),
        ("* * 0 * *", "day-of-month 0 out of range 1-31"),
        ("* * 32 * *", "day-of-month 32 out of range 1-31"),
        ("* * * 13 *", "month 13 out of range 1-12"),
        ("* * * 0 *", "month 0 out of range 1-12"),
        ("* * * * 8", "day-of-week 8 out of range 0-7"),
        ("0-61 * * * *", "minute 61 out of range 0-59"),
        ("99999999999999999999 * * * *", "out of range 0-59"),
        ("* * * MON *", "month \"MON\" is not a number or a name (JAN…DEC)"),
        ("* * * * JAN", "day-of-week \"JAN\" is not a number or a name (SUN…SAT)"),
        ("x * * * *", "minute \"x\" is not a number"),
        ("-1 * * * *", "minute \"\" is not a number"),
        ("*/0 * * * *", "step 0 must be at least 1"),
        ("*/x * * * *", "step \"x\" is not a number"),
        ("*/ * * * *", "step \"\" is not a number"),
        ("1/2/3 * * * *", "more than one '/'"),
        ("5-1 * * * *", "range 5-1 runs backwards"),
        ("1-2-3 * * * *", "not a value or a range"),
        ("1,,2 * * * *", "empty list item"),
        ("1, * * * *", "empty list item"),
        ("* * * *", "4 fields instead of 5"),
        ("0 * * * * *", "6 fields instead of 5"),
        ("", "0 fields instead of 5"),
        ("   ", "0 fields instead of 5"),
        ("daily please", "2 fields instead of 5"),
    ])
    func errorsNameTheFieldAndTheValue(text: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try CronSchedule(parsing: text) }
        #expect(error?.code == .invalidSchedule)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("Schedule \"\(text)\"") == true)
        #expect(error?.message.contains("minute hour day-of-month month day-of-week") == true)
    }
}
