import Foundation
@testable import AgentBackupDomain

/// Instants written as UTC text, and fire times shown as local text with their offset, so a
/// failing DST test reads like a wall clock.
enum CronClock {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let utc = TimeZone(identifier: "UTC")!

    /// `2026-03-08T07:00:00Z` (seconds optional fraction not supported: add it with `addingTimeInterval`).
    static func utcDate(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    /// `2026-03-08 03:00 -04:00` in `zone`.
    static func local(_ date: Date?, _ zone: TimeZone) -> String {
        guard let date else { return "nil" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }

    /// The next `count` fire times after `start`, as local text.
    static func fires(_ expression: String, after start: Date, in zone: TimeZone, count: Int) throws -> [String] {
        let schedule = try CronSchedule(parsing: expression)
        var times: [String] = []
        var cursor = start
        for _ in 0..<count {
            guard let next = schedule.nextFire(after: cursor, in: zone) else { break }
            times.append(local(next, zone))
            cursor = next
        }
        return times
    }
}
