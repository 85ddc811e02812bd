import AgentBackupDomain

/// The retention rules as written in the config file's `keep` object or the `B2_KEEP_*`
/// variables, before they are merged into one `RetentionPolicy`.
///
/// `{"last": 3, "hourly": 24, "daily": 7, "weekly": 4, "monthly": 12, "yearly": 2, "within": "48h"}`:
/// counts are whole numbers of 0 or more (0 turns a rule off), `within` a duration such as
/// `48h`, `7d` or `1y6m`. The reference engine's `keepSnapshots` stays and means `last`; when
/// both are set, `keep.last` wins over `keepSnapshots`.
struct KeepSetting: Sendable, Equatable {
    /// The count rules by config name, in the order messages list them.
    static let countRules = ["last", "hourly", "daily", "weekly", "monthly", "yearly"]
    /// Every key of the `keep` object.
    static let keys = countRules + ["within"]

    var counts: [String: Int] = [:]
    var within: RetentionDuration?

    var isEmpty: Bool { counts.isEmpty && within == nil }

    /// The variable that overrides `keep.<rule>`: `B2_KEEP_DAILY`.
    static func variable(for rule: String) -> String { "B2_KEEP_" + rule.uppercased() }

    /// Reads the `keep` object of the config file at `path`.
    static func parse(_ value: JSONValue, path: String) throws(ConfigurationError) -> KeepSetting? {
        let example = #""keep": {"last": 3, "daily": 7, "weekly": 4, "monthly": 12, "within": "48h"}"#
        guard let members = value.membersByKey?.mapValues(\.value), let pairs = value.pairs else {
            if case .null = value { return nil }
            throw ConfigurationError(.invalidValue, key: "keep", message:
                "keep in \(path) is \(value.kindName) (\(value.rendered)); expected an object of retention rules, e.g. \(example)")
        }
        let order = pairs.map(\.0)
        if let unknown = order.first(where: { !keys.contains($0) }) {
            throw ConfigurationError(.invalidValue, key: "keep.\(unknown)", message:
                "keep.\(unknown) in \(path) is not a retention rule; the rules are \(keys.joined(separator: ", ")), e.g. \(example)")
        }
        var setting = KeepSetting()
        for rule in countRules {
            switch members[rule] {
            case nil, .null: continue
            case .number(let text):
                guard let n = ConfigFile.integerValue(text), n >= 0 else {
                    throw ConfigurationError(.invalidValue, key: "keep.\(rule)", message:
                        "keep.\(rule) in \(path) is \(text); expected a whole number of snapshots, 0 or more, e.g. \"\(rule)\": 7")
                }
                setting.counts[rule] = n
            case let other?:
                throw ConfigurationError(.invalidValue, key: "keep.\(rule)", message:
                    "keep.\(rule) in \(path) is \(other.kindName) (\(other.rendered)); expected a whole number without quotes, e.g. \"\(rule)\": 7")
            }
        }
        switch members["within"] {
        case nil, .null: break
        case .string(let text): setting.within = try duration(text, source: "keep.within in \(path)", key: "keep.within")
        case let other?:
            throw ConfigurationError(.invalidValue, key: "keep.within", message:
                "keep.within in \(path) is \(other.kindName) (\(other.rendered)); expected a duration in quotes, e.g. \"within\": \"48h\"")
        }
        return setting
    }

    /// Applies the `B2_KEEP_*` variables over `self` (each overrides its own rule).
    func overridden(by environment: [String: String]) throws(ConfigurationError) -> KeepSetting {
        var merged = self
        for rule in Self.countRules {
            let name = Self.variable(for: rule)
            guard let raw = environment[name], !raw.isEmpty else { continue }
            guard let n = Int(raw.trimmingWhitespace()), n >= 0 else {
                throw ConfigurationError(.invalidValue, key: name, message:
                    "\(name) = \"\(raw)\" is not a number of snapshots: use a whole number of 0 or more, e.g. \(name)=7")
            }
            merged.counts[rule] = n
        }
        let name = Self.variable(for: "within")
        if let raw = environment[name], !raw.isEmpty {
            merged.within = try Self.duration(raw.trimmingWhitespace(), source: name, key: name)
        }
        return merged
    }

    /// The policy: these rules, with `keepSnapshots` as `last` when no `last` rule is given.
    /// Nothing set at all gives the reference default, the newest 10.
    func policy(keepSnapshots: Int?) -> RetentionPolicy {
        var counts = self.counts
        if counts["last"] == nil, let keepSnapshots { counts["last"] = keepSnapshots }
        if counts.isEmpty && within == nil { counts["last"] = 10 }
        return RetentionPolicy(last: counts["last"], hourly: counts["hourly"], daily: counts["daily"], weekly: counts["weekly"],
                               monthly: counts["monthly"], yearly: counts["yearly"], within: within)
    }

    static func duration(_ text: String, source: String, key: String) throws(ConfigurationError) -> RetentionDuration {
        do {
            return try RetentionDuration(parsing: text)
        } catch {
            throw ConfigurationError(.invalidValue, key: key, message: "\(source): \((error as? DomainError)?.message ?? "\(error)")")
        }
    }
}
