import AgentBackupDomain

/// When the daemon pushes: `daily` (`0 0 * * *`, the default), `weekly` (`0 0 * * 0`), `hourly`,
/// a 5-field cron expression, or `@every 2s|5m|1h`, as `CronSchedule` reads them. Kept as
/// (checked) text so the configuration stays a plain comparable value.
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

    /// Reads a schedule value (checked with the domain's `CronSchedule`). `source` names the key
    /// or variable for the error message.
    public init(parsing text: String, source: String) throws(ConfigurationError) {
        let trimmed = text.trimmingWhitespace()
        do {
            _ = try CronSchedule(parsing: trimmed)
        } catch {
            let reason = (error as? DomainError)?.message ?? "\(error)"
            throw ConfigurationError(.invalidValue, key: source, message: "\(source) = \"\(text)\" is not a schedule: \(reason)")
        }
        switch trimmed.lowercased() {
        case "daily": self = .daily
        case "weekly": self.init(expression: "0 0 * * 0", original: trimmed)
        case "hourly": self.init(expression: "0 * * * *", original: trimmed)
        default: self.init(expression: trimmed, original: trimmed)
        }
    }

    /// The schedule the daemon follows.
    public var cronSchedule: CronSchedule {
        get throws { try CronSchedule(parsing: expression) }
    }

    public var description: String { original == expression ? expression : "\(original) (\(expression))" }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
