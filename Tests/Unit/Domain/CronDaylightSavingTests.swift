import Foundation
import Testing
@testable import AgentBackupDomain

/// 2026 transitions: New York springs forward on 8 March at 02:00 EST (07:00Z) and falls back
/// on 1 November at 02:00 EDT (06:00Z); Berlin springs forward on 29 March at 02:00 CET (01:00Z)
/// and falls back on 25 October at 03:00 CEST (01:00Z).
@Suite struct CronDaylightSavingTests {
    let ny = CronClock.newYork
    let berlin = CronClock.berlin

    // MARK: spring forward (gap)

    @Test func fixedTimeInTheGapFiresOnceWhenTheGapEnds() throws {
        let start = CronClock.utcDate("2026-03-07T17:00:00Z")
        #expect(try CronClock.fires("30 2 * * *", after: start, in: ny, count: 3) == [
            "2026-03-08 03:00:00 -04:00",
            "2026-03-09 02:30:00 -04:00",
            "2026-03-10 02:30:00 -04:00",
        ])
    }

    @Test func fixedTimeAtTheStartOfTheGapFiresWhenItEnds() throws {
        let start = CronClock.utcDate("2026-03-07T17:00:00Z")
        #expect(try CronClock.fires("0 2 * * *", after: start, in: ny, count: 2) == ["2026-03-08 03:00:00 -04:00", "2026-03-09 02:00:00 -04:00"])
    }

    @Test func severalFixedTimesInTheGapFireOnlyOnce() throws {
        let start = CronClock.utcDate("2026-03-07T17:00:00Z")
        #expect(try CronClock.fires("0,15,30 2 * * *", after: start, in: ny, count: 2) == ["2026-03-08 03:00:00 -04:00", "2026-03-09 02:00:00 -04:00"])
        // A fixed time right at the end of the gap coincides with the catch-up: one fire.
        #expect(try CronClock.fires("30 2,3 * * *", after: start, in: ny, count: 3) == ["2026-03-08 03:00:00 -04:00", "2026-03-08 03:30:00 -04:00", "2026-03-09 02:30:00 -04:00"])
    }

    @Test func fixedTimeBeforeAndAfterTheGapIsUnaffected() throws {
        let start = CronClock.utcDate("2026-03-07T17:00:00Z")
        #expect(try CronClock.fires("59 1 * * *", after: start, in: ny, count: 2) == ["2026-03-08 01:59:00 -05:00", "2026-03-09 01:59:00 -04:00"])
        #expect(try CronClock.fires("0 3 * * *", after: start, in: ny, count: 2) == ["2026-03-08 03:00:00 -04:00", "2026-03-09 03:00:00 -04:00"])
    }

    @Test func wildcardHourSkipsTheMissingHour() throws {
        let start = CronClock.utcDate("2026-03-08T05:00:00Z")  // 00:00 EST
        #expect(try CronClock.fires("30 * * * *", after: start, in: ny, count: 3) == [
            "2026-03-08 00:30:00 -05:00",
            "2026-03-08 01:30:00 -05:00",
            "2026-03-08 03:30:00 -04:00",
        ])
    }

    @Test func everyFifteenMinutesCrossesTheGap() throws {
        let start = CronClock.utcDate("2026-03-08T06:40:00Z")  // 01:40 EST
        let fires = try CronClock.fires("*/15 * * * *", after: start, in: ny, count: 3)
        #expect(fires == ["2026-03-08 01:45:00 -05:00", "2026-03-08 03:00:00 -04:00", "2026-03-08 03:15:00 -04:00"])
    }

    @Test func wildcardMinuteInAFixedHourIsAWildcardJob() throws {
        // cronie treats a '*' minute as a wildcard job: nothing fires in the missing hour.
        let start = CronClock.utcDate("2026-03-07T17:00:00Z")
        #expect(try CronClock.fires("*/30 2 * * *", after: start, in: ny, count: 2) == ["2026-03-09 02:00:00 -04:00", "2026-03-09 02:30:00 -04:00"])
    }

    @Test func berlinSpringForward() throws {
        let start = CronClock.utcDate("2026-03-28T12:00:00Z")
        #expect(try CronClock.fires("30 2 * * *", after: start, in: berlin, count: 2) == ["2026-03-29 03:00:00 +02:00", "2026-03-30 02:30:00 +02:00"])
        #expect(try CronClock.fires("0 * * * *", after: CronClock.utcDate("2026-03-28T23:30:00Z"), in: berlin, count: 3) == [
            "2026-03-29 01:00:00 +01:00",
            "2026-03-29 03:00:00 +02:00",
            "2026-03-29 04:00:00 +02:00",
        ])
    }

    // MARK: fall back (overlap)

    @Test func fixedTimeInTheRepeatedHourFiresOnlyAtTheFirstOccurrence() throws {
        let start = CronClock.utcDate("2026-11-01T04:00:00Z")  // 00:00 EDT
        #expect(try CronClock.fires("30 1 * * *", after: start, in: ny, count: 2) == ["2026-11-01 01:30:00 -04:00", "2026-11-02 01:30:00 -05:00"])
    }

    @Test func fixedTimeDoesNotFireInTheSecondCopyEvenWhenAskedFromInsideIt() throws {
        let schedule = try CronSchedule(parsing: "45 1 * * *")
        // 01:50 EDT: the first 01:45 has passed; the second 01:45 (EST) must not fire.
        let firstCopy = schedule.nextFire(after: CronClock.utcDate("2026-11-01T05:50:00Z"), in: ny)
        #expect(CronClock.local(firstCopy, ny) == "2026-11-02 01:45:00 -05:00")
        // 01:10 EST, in the second copy.
        let secondCopy = schedule.nextFire(after: CronClock.utcDate("2026-11-01T06:10:00Z"), in: ny)
        #expect(CronClock.local(secondCopy, ny) == "2026-11-02 01:45:00 -05:00")
    }

    @Test func wildcardHourFiresInBothCopiesOfTheRepeatedHour() throws {
        let start = CronClock.utcDate("2026-11-01T04:10:00Z")  // 00:10 EDT
        #expect(try CronClock.fires("30 * * * *", after: start, in: ny, count: 4) == [
            "2026-11-01 00:30:00 -04:00",
            "2026-11-01 01:30:00 -04:00",
            "2026-11-01 01:30:00 -05:00",
            "2026-11-01 02:30:00 -05:00",
        ])
    }

    @Test func hourlyFiresTwiceAtOneOClockOnFallBack() throws {
        let start = CronClock.utcDate("2026-11-01T04:30:00Z")  // 00:30 EDT
        let fires = try CronClock.fires("hourly", after: start, in: ny, count: 3)
        #expect(fires == ["2026-11-01 01:00:00 -04:00", "2026-11-01 01:00:00 -05:00", "2026-11-01 02:00:00 -05:00"])
    }

    @Test func wildcardFromInsideTheFirstCopyFindsAnEarlierWallTimeInTheSecond() throws {
        // 01:50 EDT: the next :05 is 01:05 EST, an earlier wall-clock time but a later instant.
        let schedule = try CronSchedule(parsing: "5 * * * *")
        let next = schedule.nextFire(after: CronClock.utcDate("2026-11-01T05:50:00Z"), in: ny)
        #expect(CronClock.local(next, ny) == "2026-11-01 01:05:00 -05:00")
        #expect(next == CronClock.utcDate("2026-11-01T06:05:00Z"))
    }

    @Test func everyTwentyMinutesAcrossFallBackNeverGoesBackInTime() throws {
        let schedule = try CronSchedule(parsing: "*/20 * * * *")
        var cursor = CronClock.utcDate("2026-11-01T05:00:00Z")  // 01:00 EDT
        var gaps: [TimeInterval] = []
        for _ in 0..<8 {
            let next = try #require(schedule.nextFire(after: cursor, in: ny))
            gaps.append(next.timeIntervalSince(cursor))
            cursor = next
        }
        #expect(gaps == Array(repeating: 1200, count: 8))
    }

    @Test func berlinFallBack() throws {
        let start = CronClock.utcDate("2026-10-24T12:00:00Z")
        #expect(try CronClock.fires("30 2 * * *", after: start, in: berlin, count: 2) == ["2026-10-25 02:30:00 +02:00", "2026-10-26 02:30:00 +01:00"])
        #expect(try CronClock.fires("30 * * * *", after: CronClock.utcDate("2026-10-24T23:45:00Z"), in: berlin, count: 3) == [
            "2026-10-25 02:30:00 +02:00",
            "2026-10-25 02:30:00 +01:00",
            "2026-10-25 03:30:00 +01:00",
        ])
    }

    @Test func dailyAtMidnightIsUnaffectedByTransitions() throws {
        let start = CronClock.utcDate("2026-03-06T12:00:00Z")
        #expect(try CronClock.fires("daily", after: start, in: ny, count: 4) == [
            "2026-03-07 00:00:00 -05:00",
            "2026-03-08 00:00:00 -05:00",
            "2026-03-09 00:00:00 -04:00",
            "2026-03-10 00:00:00 -04:00",
        ])
    }

    // MARK: other zones

    @Test func halfHourOffsetZone() throws {
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        let next = try CronSchedule(parsing: "0 9 * * *").nextFire(after: CronClock.utcDate("2026-02-09T00:00:00Z"), in: kolkata)
        #expect(next == CronClock.utcDate("2026-02-09T03:30:00Z"))
    }

    @Test func lordHoweHalfHourDaylightSaving() throws {
        // Lord Howe Island moves its clocks by 30 minutes: 02:00 → 02:30 on 4 October 2026.
        let lordHowe = try #require(TimeZone(identifier: "Australia/Lord_Howe"))
        let start = CronClock.utcDate("2026-10-03T12:00:00Z")
        #expect(try CronClock.fires("15 2 * * *", after: start, in: lordHowe, count: 2) == ["2026-10-04 02:30:00 +11:00", "2026-10-05 02:15:00 +11:00"])
    }

    @Test func sameScheduleDiffersByZone() throws {
        let schedule = try CronSchedule(parsing: "0 3 * * *")
        let start = CronClock.utcDate("2026-02-09T00:00:00Z")
        #expect(schedule.nextFire(after: start, in: CronClock.utc) == CronClock.utcDate("2026-02-09T03:00:00Z"))
        #expect(schedule.nextFire(after: start, in: berlin) == CronClock.utcDate("2026-02-09T02:00:00Z"))
        #expect(schedule.nextFire(after: start, in: ny) == CronClock.utcDate("2026-02-09T08:00:00Z"))
    }

    @Test func samoaSkippedAWholeDay() throws {
        // Samoa jumped from 29 December 2011 23:59:59 (-10:00) to 31 December 00:00 (+14:00).
        let apia = try #require(TimeZone(identifier: "Pacific/Apia"))
        let start = CronClock.utcDate("2011-12-29T20:00:00Z")  // 29 Dec 10:00 local
        #expect(try CronClock.fires("0 12 * * *", after: start, in: apia, count: 3) == [
            "2011-12-29 12:00:00 -10:00",
            "2011-12-31 00:00:00 +14:00",
            "2011-12-31 12:00:00 +14:00",
        ])
        #expect(try CronClock.fires("0 * * * *", after: CronClock.utcDate("2011-12-30T09:30:00Z"), in: apia, count: 2) == [
            "2011-12-31 00:00:00 +14:00",
            "2011-12-31 01:00:00 +14:00",
        ])
    }
}
