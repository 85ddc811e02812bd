import Foundation

/// UTC calendar arithmetic on whole numbers (Howard Hinnant's days-from-civil algorithms), so
/// formatting an instant never depends on a locale, a calendar setting or floating-point
/// rounding. Shared by the domain's calendars and the S3 signer's timestamps.
public struct CivilTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int

    /// The fields of the millisecond `epochMilliseconds` since 1970-01-01T00:00:00Z.
    init(epochMilliseconds: Int64) {
        let msPerDay: Int64 = 86_400_000
        var days = epochMilliseconds / msPerDay
        var rest = epochMilliseconds % msPerDay
        if rest < 0 {
            rest += msPerDay
            days -= 1
        }
        (year, month, day) = Self.civil(fromDays: Int(days))
        let ms = Int(rest)
        hour = ms / 3_600_000
        minute = ms / 60_000 % 60
        second = ms / 1000 % 60
        millisecond = ms % 1000
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.millisecond) = (hour, minute, second, millisecond)
    }

    /// Milliseconds since the epoch of these UTC fields.
    var epochMilliseconds: Int64 {
        let days = Int64(Self.days(fromCivil: year, month, day))
        return days * 86_400_000 + Int64(hour) * 3_600_000 + Int64(minute) * 60_000 + Int64(second) * 1000 + Int64(millisecond)
    }

    /// The largest whole millisecond not after `date`, chosen so that converting it back with
    /// `Double(ms) / 1000` gives a date not after `date` (round trips are exact).
    static func epochMilliseconds(of date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970
        var ms = Int64((seconds * 1000).rounded(.down))
        while Double(ms) / 1000 > seconds { ms -= 1 }
        while Double(ms + 1) / 1000 <= seconds { ms += 1 }
        return ms
    }

    /// The instant of whole milliseconds `ms` since the epoch.
    static func date(epochMilliseconds ms: Int64) -> Date {
        Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Day of the week of days since the epoch, 0 = Sunday.
    static func weekday(fromDays days: Int) -> Int {
        let w = (days + 4) % 7  // 1970-01-01 was a Thursday
        return w < 0 ? w + 7 : w
    }

    /// `a / b` rounded toward negative infinity (Swift's `/` rounds toward zero).
    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
