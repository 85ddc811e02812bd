import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct CivilTimeTests {
    @Test func daysAndCivilDatesRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = CivilTime.civil(fromDays: days)
            #expect(CivilTime.days(fromCivil: year, month, day) == days)
            #expect((1...12).contains(month) && (1...CivilTime.daysInMonth(year, month)).contains(day))
        }
    }

    @Test func agreesWithFoundationsGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for days in stride(from: -30_000, through: 60_000, by: 331) {
            let date = Date(timeIntervalSince1970: TimeInterval(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let (year, month, day) = CivilTime.civil(fromDays: days)
            #expect([parts.year, parts.month, parts.day] == [year, month, day])
            #expect(parts.weekday == CivilTime.weekday(fromDays: days) + 1)
        }
    }

    @Test func knownDates() {
        #expect(CivilTime.days(fromCivil: 1970, 1, 1) == 0)
        #expect(CivilTime.days(fromCivil: 2000, 3, 1) == 11_017)
        #expect(CivilTime.weekday(fromDays: 0) == 4)  // Thursday
        #expect(CivilTime.weekday(fromDays: -1) == 3)
        #expect(CivilTime.weekday(fromDays: CivilTime.days(fromCivil: 2026, 2, 9)) == 1)  // Monday
    }

    @Test func leapYears() {
        #expect(CivilTime.isLeapYear(2028))
        #expect(CivilTime.isLeapYear(2000))
        #expect(!CivilTime.isLeapYear(2100))
        #expect(!CivilTime.isLeapYear(2026))
        #expect(CivilTime.daysInMonth(2028, 2) == 29)
        #expect(CivilTime.daysInMonth(2026, 2) == 28)
        #expect(CivilTime.daysInMonth(2026, 4) == 30)
        #expect(CivilTime.daysInMonth(2026, 12) == 31)
    }

    @Test func fieldsFromMillisecondsIncludingNegative() {
        let t = CivilTime(epochMilliseconds: -1)
        #expect(t == CivilTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, millisecond: 999))
        #expect(t.epochMilliseconds == -1)
        let s = CivilTime(epochMilliseconds: 1_770_631_445_123)
        #expect(s == CivilTime(year: 2026, month: 2, day: 9, hour: 10, minute: 4, second: 5, millisecond: 123))
    }
}
