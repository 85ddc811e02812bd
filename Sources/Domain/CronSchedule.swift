import Foundation

/// When the daemon backs up: a 5-field cron expression (minute hour day-of-month month
/// day-of-week), an alias (`daily`, `weekly`, `hourly`, `@daily`, `@weekly`, `@hourly`,
/// `@monthly`, `@yearly`, `@annually`, `@midnight`), or `@every <duration>` (`2s`, `5m`, `1h30m`;
/// at least one second).
///
/// Fire times follow cronie, including across daylight-saving changes: see `nextFire`.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    /// The text the schedule was parsed from.
    public let source: String
    private let rule: Rule

    private enum Rule: Sendable, Equatable {
        case interval(seconds: Int64)
        case calendar(CalendarRule)
    }

    /// The parsed fields of a calendar schedule.
    struct CalendarRule: Sendable, Equatable {
        let minute: CronField
        let hour: CronField
        let dayOfMonth: CronField
        let month: CronField
        let dayOfWeek: CronField

        /// cronie's wildcard job: minute or hour unrestricted. Such jobs simply skip local
        /// times that a spring-forward gap removes and fire in both copies of a repeated hour.
        var isWildcard: Bool { minute.isStar || hour.isStar }

        /// Vixie cron: when both day fields are restricted a day matching either one fires;
        /// otherwise both must match.
        func matchesDay(month m: Int, day: Int, weekday: Int) -> Bool {
            guard month.contains(m) else { return false }
            if dayOfMonth.isStar || dayOfWeek.isStar {
                return dayOfMonth.contains(day) && dayOfWeek.contains(weekday)
            }
            return dayOfMonth.contains(day) || dayOfWeek.contains(weekday)
        }
    }

    private static let aliases: [String: String] = [  // not a path key: schedule aliases
        "daily": "0 0 * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
        "weekly": "0 0 * * 0", "@weekly": "0 0 * * 0",
        "hourly": "0 * * * *", "@hourly": "0 * * * *",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]

    /// Parses a schedule; errors (`.invalidSchedule`) name the field and the value, e.g.
    /// `minute 61 out of range 0-59`, and show the accepted forms.
    public init(parsing text: String) throws {
        source = text
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            rule = try Self.parse(trimmed)
        } catch let error as DomainError {
            throw DomainError(.invalidSchedule, "Schedule \(VirtualPath.quote(text)): \(error.message). Use 5 cron fields (minute hour day-of-month month day-of-week, e.g. \"0 3 * * *\"), daily, weekly, hourly, or @every 30m.")
        }
    }

    private static func parse(_ text: String) throws -> Rule {
        let lowered = text.lowercased()
        if let expansion = aliases[lowered] {
            return try parse(expansion)
        }
        let words = lowered.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.first == "@every" {
            guard words.count <= 2 else {
                throw DomainError(.invalidSchedule, "@every takes one duration without spaces, such as 1h30m")
            }
            return .interval(seconds: try parseDuration(words.count == 2 ? String(words[1]) : ""))
        }
        if text.hasPrefix("@") {
            throw DomainError(.invalidSchedule, "unknown alias \(VirtualPath.quote(text))")
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw DomainError(.invalidSchedule, "has \(fields.count) field\(fields.count == 1 ? "" : "s") instead of 5")
        }
        return .calendar(CalendarRule(
            minute: try CronField(fields[0], kind: .minute),
            hour: try CronField(fields[1], kind: .hour),
            dayOfMonth: try CronField(fields[2], kind: .dayOfMonth),
            month: try CronField(fields[3], kind: .month),
            dayOfWeek: try CronField(fields[4], kind: .dayOfWeek)
        ))
    }

    /// The longest `@every` accepted: ten years.
    private static let maximumInterval: Int64 = 10 * 366 * 86_400

    /// `1h30m`, `45s`, `2d` (see `DurationText`); at least one second in all.
    private static func parseDuration(_ text: String) throws -> Int64 {
        guard !text.isEmpty else { throw DomainError(.invalidSchedule, "@every needs a duration such as 30s, 5m or 1h30m") }
        let total: Int64
        do {
            total = try DurationText.seconds(text, maximum: maximumInterval)
        } catch {
            throw DomainError(.invalidSchedule, error.message)
        }
        guard total >= 1 else {
            throw DomainError(.invalidSchedule, "duration \(VirtualPath.quote(text)) is shorter than the minimum of 1s")
        }
        return total
    }

    /// The text the schedule was parsed from.
    public var description: String { source }

    /// For `@every`, the interval in seconds; nil for calendar schedules.
    public var intervalSeconds: Int64? {
        if case .interval(let seconds) = rule { return seconds }
        return nil
    }

    /// The first fire time strictly after `instant`, with wall-clock fields read in `zone`.
    ///
    /// - `@every d` fires at `instant + d`.
    /// - A local time that a spring-forward gap skips fires once, at the first instant after
    ///   the gap (cronie), unless the schedule is a wildcard one (minute or hour field starting
    ///   with `*`), which just has no fire time in the gap.
    /// - In a fall-back overlap a fixed time fires only at its first occurrence; wildcard
    ///   schedules fire in both copies of the repeated hour.
    /// - Returns nil when nothing matches within about eight years (`0 0 31 2 *`).
    public func nextFire(after instant: Date, in zone: TimeZone) -> Date? {
        switch rule {
        case .interval(let seconds):
            return instant.addingTimeInterval(TimeInterval(seconds))
        case .calendar(let calendar):
            return CronSearch(rule: calendar, zone: zone).next(after: instant)
        }
    }
}
