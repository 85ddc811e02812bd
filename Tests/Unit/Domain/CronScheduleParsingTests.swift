import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct CronScheduleParsingTests {
    private let monday = CronClock.utcDate("2026-02-09T10:04:05Z")  // a Monday

    private func next(_ expression: String, after: Date? = nil) throws -> String {
        let schedule = try CronSchedule(parsing: expression)
        return CronClock.local(schedule.nextFire(after: after ?? monday, in: CronClock.utc), CronClock.utc)
    }

    @Test func fiveFieldsFireAtTheNextMatchingMinute() throws {
        #expect(try next("0 3 * * *") == "2026-02-10 03:00:00 +00:00")
        #expect(try next("5 10 * * *") == "2026-02-09 10:05:00 +00:00")
        #expect(try next("4 10 * * *") == "2026-02-10 10:04:00 +00:00")
        #expect(try next("* * * * *") == "2026-02-09 10:05:00 +00:00")
    }

    @Test func nextFireIsStrictlyAfterTheInstant() throws {
        let atFire = CronClock.utcDate("2026-02-10T03:00:00Z")
        #expect(try next("0 3 * * *", after: atFire) == "2026-02-11 03:00:00 +00:00")
        #expect(try next("0 3 * * *", after: atFire.addingTimeInterval(-0.001)) == "2026-02-10 03:00:00 +00:00")
        #expect(try next("* * * * *", after: atFire.addingTimeInterval(0.5)) == "2026-02-10 03:01:00 +00:00")
    }

    @Test(arguments: [
        ("daily", "2026-02-10 00:00:00 +00:00"),
        ("@daily", "2026-02-10 00:00:00 +00:00"),
        ("DAILY", "2026-02-10 00:00:00 +00:00"),
        ("@midnight", "2026-02-10 00:00:00 +00:00"),
        ("weekly", "2026-02-15 00:00:00 +00:00"),
        ("@weekly", "2026-02-15 00:00:00 +00:00"),
        ("hourly", "2026-02-09 11:00:00 +00:00"),
        ("@Hourly", "2026-02-09 11:00:00 +00:00"),
        ("@monthly", "2026-03-01 00:00:00 +00:00"),
        ("@yearly", "2027-01-01 00:00:00 +00:00"),
        ("@annually", "2027-01-01 00:00:00 +00:00"),
        ("  daily  ", "2026-02-10 00:00:00 +00:00"),
        ("daily\n", "2026-02-10 00:00:00 +00:00"),
    ])
    func aliases(alias: String, expected: String) throws {
        #expect(try next(alias) == expected)
    }

    @Test func aliasesEqualTheirExpansions() throws {
        let start = monday
        for (alias, expansion) in [("daily", "0 0 * * *"), ("weekly", "0 0 * * 0"), ("hourly", "0 * * * *")] {
            #expect(try CronClock.fires(alias, after: start, in: CronClock.utc, count: 5) == CronClock.fires(expansion, after: start, in: CronClock.utc, count: 5))
        }
    }

    @Test func listsRangesAndSteps() throws {
        let hour = CronClock.utcDate("2026-02-09T10:00:00Z").addingTimeInterval(-1)
        #expect(try CronClock.fires("*/15 10 * * *", after: hour, in: CronClock.utc, count: 4).map { String($0.dropFirst(11).prefix(5)) } == ["10:00", "10:15", "10:30", "10:45"])
        #expect(try CronClock.fires("1-30/5 10 * * *", after: hour, in: CronClock.utc, count: 7).map { String($0.dropFirst(14).prefix(2)) } == ["01", "06", "11", "16", "21", "26", "01"])
        #expect(try CronClock.fires("5/20 10 * * *", after: hour, in: CronClock.utc, count: 3).map { String($0.dropFirst(14).prefix(2)) } == ["05", "25", "45"])
        #expect(try CronClock.fires("7,3,50 10 * * *", after: hour, in: CronClock.utc, count: 3).map { String($0.dropFirst(14).prefix(2)) } == ["03", "07", "50"])
        #expect(try CronClock.fires("0 9-17/4,23 * * *", after: hour, in: CronClock.utc, count: 4).map { String($0.dropFirst(11).prefix(2)) } == ["13", "17", "23", "09"])
    }

    @Test func monthAndDayNamesAnyCase() throws {
        // 2026-02-09 is a Monday.
        #expect(try next("0 0 * * SUN") == "2026-02-15 00:00:00 +00:00")
        #expect(try next("0 0 * * sun") == next("0 0 * * 0"))
        #expect(try next("0 0 * * Fri") == "2026-02-13 00:00:00 +00:00")
        #expect(try next("0 0 1 mar *") == "2026-03-01 00:00:00 +00:00")
        #expect(try next("0 0 1 JAN-MAR *") == "2026-03-01 00:00:00 +00:00")
        #expect(try next("0 0 * * tue-thu") == "2026-02-10 00:00:00 +00:00")
        #expect(try next("0 0 1 Dec *") == "2026-12-01 00:00:00 +00:00")
        #expect(try CronClock.fires("0 0 * * MON-FRI/2", after: monday, in: CronClock.utc, count: 3) == ["2026-02-11 00:00:00 +00:00", "2026-02-13 00:00:00 +00:00", "2026-02-16 00:00:00 +00:00"])
        #expect(try CronClock.fires("0 0 1 jan-jun/2 *", after: monday, in: CronClock.utc, count: 2) == ["2026-03-01 00:00:00 +00:00", "2026-05-01 00:00:00 +00:00"])
        #expect(try CronClock.fires("0 0 * * sat,SUN", after: monday, in: CronClock.utc, count: 2) == ["2026-02-14 00:00:00 +00:00", "2026-02-15 00:00:00 +00:00"])
    }

    @Test func zeroAndSevenAreBothSunday() throws {
        #expect(try next("0 0 * * 7") == "2026-02-15 00:00:00 +00:00")
        #expect(try next("0 0 * * 0") == "2026-02-15 00:00:00 +00:00")
        #expect(try next("0 0 * * 5-7") == "2026-02-13 00:00:00 +00:00")
        #expect(try CronClock.fires("0 0 * * 6-7", after: monday, in: CronClock.utc, count: 3) == ["2026-02-14 00:00:00 +00:00", "2026-02-15 00:00:00 +00:00", "2026-02-21 00:00:00 +00:00"])
    }

    @Test func dayOfMonthOrDayOfWeekWhenBothAreRestricted() throws {
        // Vixie cron: "on the 12th, and on every Friday".
        #expect(try CronClock.fires("0 0 12 * 5", after: monday, in: CronClock.utc, count: 3) == ["2026-02-12 00:00:00 +00:00", "2026-02-13 00:00:00 +00:00", "2026-02-20 00:00:00 +00:00"])
    }

    @Test func dayOfMonthAndDayOfWeekWhenOneIsAStar() throws {
        // `*/2` starts with '*', so Vixie cron ANDs the two fields: odd days that are Fridays.
        #expect(try CronClock.fires("0 0 */2 * 5", after: monday, in: CronClock.utc, count: 2) == ["2026-02-13 00:00:00 +00:00", "2026-02-27 00:00:00 +00:00"])
        #expect(try next("0 0 * * 5") == "2026-02-13 00:00:00 +00:00")
        #expect(try next("0 0 12 * *") == "2026-02-12 00:00:00 +00:00")
    }

    @Test func leapDayFiresEveryFourYears() throws {
        let start = CronClock.utcDate("2026-01-01T00:00:00Z")
        #expect(try CronClock.fires("0 0 29 2 *", after: start, in: CronClock.utc, count: 2) == ["2028-02-29 00:00:00 +00:00", "2032-02-29 00:00:00 +00:00"])
    }

    @Test func leapDaySkipsTheCenturyYear() throws {
        let start = CronClock.utcDate("2097-01-01T00:00:00Z")
        #expect(try CronClock.fires("0 0 29 2 *", after: start, in: CronClock.utc, count: 1) == ["2104-02-29 00:00:00 +00:00"])
    }

    @Test func thirtyFirstSkipsShortMonths() throws {
        let start = CronClock.utcDate("2026-01-31T12:00:00Z")
        #expect(try CronClock.fires("0 0 31 * *", after: start, in: CronClock.utc, count: 2) == ["2026-03-31 00:00:00 +00:00", "2026-05-31 00:00:00 +00:00"])
    }

    @Test(arguments: ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 31 apr *"])
    func impossibleSchedulesReturnNilQuickly(expression: String) throws {
        let schedule = try CronSchedule(parsing: expression)
        let clock = ContinuousClock()
        let started = clock.now
        #expect(schedule.nextFire(after: monday, in: CronClock.newYork) == nil)
        #expect(clock.now - started < .seconds(2))
    }

    @Test func yearBoundary() throws {
        let start = CronClock.utcDate("2026-12-31T23:59:30Z")
        #expect(try next("* * * * *", after: start) == "2027-01-01 00:00:00 +00:00")
        #expect(try next("0 0 1 1 *", after: start) == "2027-01-01 00:00:00 +00:00")
    }

    @Test func everyMinuteIsCheapEnoughForADaemon() throws {
        let schedule = try CronSchedule(parsing: "* * * * *")
        var cursor = monday
        for _ in 0..<2000 {
            let next = try #require(schedule.nextFire(after: cursor, in: CronClock.newYork))
            #expect(next.timeIntervalSince(cursor) <= 60)
            cursor = next
        }
        #expect(CronClock.local(cursor, CronClock.utc) == "2026-02-10 19:24:00 +00:00")
    }

    @Test func keepsItsSource() throws {
        #expect(try CronSchedule(parsing: "0 3 * * *").description == "0 3 * * *")
        #expect(try CronSchedule(parsing: "0 3 * * *").intervalSeconds == nil)
        #expect(try CronSchedule(parsing: "0 0 * * *") != CronSchedule(parsing: "0 1 * * *"))
    }

    @Test func tabsSeparateFieldsToo() throws {
        #expect(try next("0\t3 *  * *") == "2026-02-10 03:00:00 +00:00")
    }
}
