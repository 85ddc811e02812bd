import AgentBackup
import AgentBackupDomain
import Testing

@Suite("Configuration: retention rules (keep, keepSnapshots, B2_KEEP_*)")
struct ConfigurationRetentionTests {
    static let credentials = #""keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "e""#

    @Test func theDefaultIsTheNewestTen() throws {
        let home = try ConfigTestHome()
        try home.writeConfig("{\(Self.credentials)}")
        #expect(try home.load().retention == .keepLast(10))
    }

    @Test func theKeepObjectIsTheWholePolicy() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"# + Self.credentials + #", "keep": {"last": 3, "hourly": 24, "daily": 7, "weekly": 4, "monthly": 12, "yearly": 2, "within": "48h"}}"#)
        #expect(try home.load().retention == RetentionPolicy(last: 3, hourly: 24, daily: 7, weekly: 4, monthly: 12, yearly: 2,
                                                             within: RetentionDuration(hours: 48)))
    }

    @Test func keepSnapshotsIsLastWhenKeepHasNoLast() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"# + Self.credentials + #", "keepSnapshots": 5, "keep": {"daily": 7}}"#)
        #expect(try home.load().retention == RetentionPolicy(last: 5, daily: 7))
        try home.writeConfig(#"{"# + Self.credentials + #", "keepSnapshots": 5, "keep": {"last": 2, "daily": 7}}"#)
        #expect(try home.load().retention == RetentionPolicy(last: 2, daily: 7))
        try home.writeConfig(#"{"# + Self.credentials + #", "keep": {"daily": 7}}"#)
        #expect(try home.load().retention == RetentionPolicy(daily: 7))
    }

    @Test func eachVariableOverridesItsRule() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"# + Self.credentials + #", "keep": {"daily": 7, "weekly": 4}}"#)
        let config = try home.load(["B2_KEEP_DAILY": "3", "B2_KEEP_MONTHLY": "6", "B2_KEEP_WITHIN": "1y2m", "B2_KEEP_LAST": "1",
                                    "B2_KEEP_HOURLY": "", "B2_KEEP_SNAPSHOTS": "9"])
        #expect(config.retention == RetentionPolicy(last: 1, daily: 3, weekly: 4, monthly: 6, within: RetentionDuration(years: 1, months: 2)))
    }

    @Test(arguments: [
        (#""keep": 7"#, "keep", "expected an object of retention rules"),
        (#""keep": {"dayly": 7}"#, "keep.dayly", "is not a retention rule; the rules are last, hourly, daily"),
        (#""keep": {"daily": "7"}"#, "keep.daily", "expected a whole number without quotes"),
        (#""keep": {"daily": -1}"#, "keep.daily", "expected a whole number of snapshots, 0 or more"),
        (#""keep": {"daily": 1.5}"#, "keep.daily", "expected a whole number of snapshots, 0 or more"),
        (#""keep": {"within": 48}"#, "keep.within", "expected a duration in quotes"),
        (#""keep": {"within": "2 days"}"#, "keep.within", "is not a duration"),
        (#""keep": {"last": 0, "daily": 0}"#, "keep", "are all 0"),
    ])
    func malformedRulesNameTheFieldAndTheFix(rules: String, key: String, message: String) throws {
        let home = try ConfigTestHome()
        try home.writeConfig("{\(Self.credentials), \(rules)}")
        let error = home.loadError()
        #expect(error?.key == key)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: [("B2_KEEP_DAILY", "seven", "is not a number of snapshots"), ("B2_KEEP_WITHIN", "48", "without a unit")])
    func malformedVariablesNameTheVariable(name: String, value: String, message: String) throws {
        let home = try ConfigTestHome()
        try home.writeConfig("{\(Self.credentials)}")
        let error = home.loadError([name: value])
        #expect(error?.key == name)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }
}
