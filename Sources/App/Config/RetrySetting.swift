/// How long a failed store request is retried: `AGENT_BACKUP_RETRY_SECONDS` (default 300, five
/// minutes since that request's first failure; 0 never retries). The same budget bounds how
/// long a store that fails every request is waited for before the run gives up.
///
/// `AGENT_BACKUP_TEST_BACKOFF_SCALE` multiplies every wait between attempts (not the budget); only
/// the reliability tests set it, so cycles through a fault proxy do not spend minutes asleep.
public struct RetrySetting: Sendable, Equatable {
    /// Seconds a request is retried after its first failure.
    public var budgetSeconds: Double
    /// Factor on every back-off wait (1 outside tests).
    public var waitScale: Double

    public init(budgetSeconds: Double = 300, waitScale: Double = 1) {
        self.budgetSeconds = budgetSeconds
        self.waitScale = waitScale
    }

    /// Five minutes, real waits.
    public static let standard = RetrySetting()

    /// The variables that set it.
    public static let budgetVariable = "AGENT_BACKUP_RETRY_SECONDS"
    public static let scaleVariable = "AGENT_BACKUP_TEST_BACKOFF_SCALE"

    /// Reads the two variables (unset or empty: the default); a value that is not a number in
    /// range is a configuration error naming the variable and what to write.
    public static func parse(environment: [String: String]) throws(ConfigurationError) -> RetrySetting {
        var setting = RetrySetting.standard
        if let text = environment[budgetVariable], !text.isEmpty {
            guard let seconds = Double(text.trimmingWhitespace()), seconds.isFinite, (0...86_400).contains(seconds) else {
                throw ConfigurationError(.invalidValue, key: budgetVariable, message:
                    "\(budgetVariable) = \"\(text)\" is not a number of seconds from 0 to 86400: write e.g. \(budgetVariable)=300 (five minutes of retries per request; 0 never retries)")
            }
            setting.budgetSeconds = seconds
        }
        if let text = environment[scaleVariable], !text.isEmpty {
            guard let scale = Double(text.trimmingWhitespace()), scale.isFinite, (0...1).contains(scale) else {
                throw ConfigurationError(.invalidValue, key: scaleVariable, message:
                    "\(scaleVariable) = \"\(text)\" is not a factor from 0 to 1: it is for tests only; unset it")
            }
            setting.waitScale = scale
        }
        return setting
    }
}
