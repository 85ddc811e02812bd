/// When the daemon pushes: `daily` (`0 0 * * *`, the default), `weekly` (`0 0 * * 0`), `hourly`,
/// a 5-field cron expression, or `@every 2s|5m|1h`. Kept as text here; the daemon turns it into a
/// schedule it can ask for the next time.
public struct ScheduleSetting: Sendable, Equatable, CustomStringConvertible {
    /// The expression with aliases spelled out (`daily` → `0 0 * * *`).
    public var expression: String
    /// What the user wrote, for messages.
    public var original: String

    /// The reference engine's default.
    public static let daily = ScheduleSetting(expression: "0 0 * * *", original: "daily")

    public init(expression: String, original: String) {
        self.expression = expression
        self.original = original
    }

    /// Reads a schedule value. `source` names the key or variable for the error message.
    public init(parsing text: String, source: String) throws(ConfigurationError) {
        let trimmed = text.trimmingWhitespace()
        switch trimmed.lowercased() {
        case "daily": self = .daily
        case "weekly": self.init(expression: "0 0 * * 0", original: trimmed)
        case "hourly": self.init(expression: "0 * * * *", original: trimmed)
        default:
            if trimmed.hasPrefix("@") {
                guard Self.isEveryExpression(trimmed) else {
                    throw ConfigurationError(.invalidValue, key: source, message:
                        "\(source) = \"\(text)\" is not a schedule: write daily, weekly, hourly, a 5-field cron expression such as \"30 2 * * *\", or @every 30m (units s, m, h)")
                }
            } else {
                let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard fields.count == 5 else {
                    throw ConfigurationError(.invalidValue, key: source, message:
                        "\(source) = \"\(text)\" is not a schedule: a cron expression has 5 fields (minute hour day-of-month month day-of-week), e.g. \"30 2 * * *\"; or write daily, weekly, hourly, @every 30m")
                }
            }
            self.init(expression: trimmed, original: trimmed)
        }
    }

    public var description: String { original == expression ? expression : "\(original) (\(expression))" }

    private static func isEveryExpression(_ text: String) -> Bool {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == "@every", let unit = parts[1].last, "smh".contains(unit) else { return false }
        guard let amount = Int(parts[1].dropLast()), amount > 0 else { return false }
        return true
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
