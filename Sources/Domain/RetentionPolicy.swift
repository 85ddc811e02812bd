import Foundation

/// Which regular snapshots survive a prune: the union of calendar rules in the style of restic's
/// `forget` and borg's `prune`.
///
/// - `last N`: the newest N snapshots.
/// - `hourly/daily/weekly/monthly/yearly N`: the newest snapshot of each of the last N periods
///   that hold a snapshot, periods read on the wall clock of `timeZone` (a week starts on
///   Monday). A period without a snapshot does not count, as in restic and borg.
/// - `within D`: every snapshot taken within D of the NEWEST snapshot (not of "now": a machine
///   that stopped backing up for a month keeps its history, as restic does).
///
/// The newest snapshot is always kept, whatever the rules say (a policy can never delete the
/// last backup). Safety snapshots are not regular snapshots and never reach a policy. Unlike
/// restic, a rule whose count is not used up does not additionally keep the oldest snapshot:
/// what is kept is exactly what the rules name, with the reasons saying why.
public struct RetentionPolicy: Sendable, Equatable {
    public var last: Int?
    public var hourly: Int?
    public var daily: Int?
    public var weekly: Int?
    public var monthly: Int?
    public var yearly: Int?
    public var within: RetentionDuration?

    public init(last: Int? = nil, hourly: Int? = nil, daily: Int? = nil, weekly: Int? = nil,
                monthly: Int? = nil, yearly: Int? = nil, within: RetentionDuration? = nil) {
        (self.last, self.hourly, self.daily, self.weekly, self.monthly, self.yearly, self.within) =
            (last, hourly, daily, weekly, monthly, yearly, within)
    }

    /// The reference engine's rule (`keepSnapshots`): the newest `count`.
    public static func keepLast(_ count: Int) -> RetentionPolicy {
        RetentionPolicy(last: count)
    }

    /// True when no rule is set (only the newest snapshot would be kept).
    public var isEmpty: Bool {
        [last, hourly, daily, weekly, monthly, yearly].allSatisfy { ($0 ?? 0) == 0 } && within == nil
    }

    /// The rules as `flag value` text, e.g. `last 3, daily 7, within 48h`, for messages.
    public var description: String {
        let counts: [(String, Int?)] = [("last", last), ("hourly", hourly), ("daily", daily), ("weekly", weekly),
                                        ("monthly", monthly), ("yearly", yearly)]
        var parts = counts.compactMap { name, value in value.map { "\(name) \($0)" } }
        if let within { parts.append("within \(within)") }
        return parts.isEmpty ? "newest only" : parts.joined(separator: ", ")
    }

    /// Throws `.invalidRetention` naming the rule when a count is negative.
    public func validate() throws {
        let counts: [(String, Int?)] = [("last", last), ("hourly", hourly), ("daily", daily), ("weekly", weekly),
                                        ("monthly", monthly), ("yearly", yearly)]
        for (name, value) in counts {
            if let value, value < 0 {
                throw DomainError(.invalidRetention, "keep \(name) is \(value): it must be a whole number of 0 or more.")
            }
        }
    }

    /// Decides every snapshot of `snapshots` (any order) in `timeZone`.
    public func apply(to snapshots: [SnapshotID], timeZone: TimeZone) -> RetentionDecision {
        let newestFirst = Array(Set(snapshots)).sorted(by: >)
        var reasons = [[String]](repeating: [], count: newestFirst.count)
        if !newestFirst.isEmpty { reasons[0].append("newest") }
        if let last, last > 0 {
            for index in newestFirst.indices.prefix(last) { reasons[index].append("last \(index + 1)") }
        }
        let periods: [(String, Int?, RetentionPeriod)] = [
            ("hourly", hourly, .hour), ("daily", daily, .day), ("weekly", weekly, .week),
            ("monthly", monthly, .month), ("yearly", yearly, .year),
        ]
        for (name, count, period) in periods {
            guard let count, count > 0 else { continue }
            var previous: Int64? = nil
            var used = 0
            for (index, id) in newestFirst.enumerated() where used < count {
                let key = period.key(of: id, in: timeZone)
                if key != previous {
                    used += 1
                    reasons[index].append("\(name) \(used)")
                    previous = key
                }
            }
        }
        if let within, let newest = newestFirst.first {
            let limit = within.start(before: newest.epochMilliseconds)
            for (index, id) in newestFirst.enumerated() where id.epochMilliseconds >= limit {
                reasons[index].append("within \(within)")
            }
        }
        var decision = RetentionDecision()
        for (index, id) in newestFirst.enumerated().reversed() {
            if reasons[index].isEmpty { decision.remove.append(id) } else { decision.keep.append(KeptSnapshot(id: id, reasons: reasons[index])) }
        }
        return decision
    }
}

/// What a policy decided: every snapshot once, oldest first in each list.
public struct RetentionDecision: Sendable, Equatable {
    public var keep: [KeptSnapshot] = []
    public var remove: [SnapshotID] = []

    public init(keep: [KeptSnapshot] = [], remove: [SnapshotID] = []) {
        self.keep = keep
        self.remove = remove
    }
}

/// A snapshot a policy keeps and every rule that keeps it (`newest`, `last 1`, `daily 3`, `within 48h`).
public struct KeptSnapshot: Sendable, Equatable {
    public var id: SnapshotID
    public var reasons: [String]

    public init(id: SnapshotID, reasons: [String]) {
        self.id = id
        self.reasons = reasons
    }
}

/// A calendar period of the retention rules, read on a zone's wall clock.
enum RetentionPeriod {
    case hour, day, week, month, year

    /// A number that is the same for two instants exactly when they fall in the same period.
    func key(of id: SnapshotID, in zone: TimeZone) -> Int64 {
        let utcSeconds = CivilTime.floorDivide(id.epochMilliseconds, 1000)
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds))))
        let localMs = id.epochMilliseconds + offset * 1000
        let days = CivilTime.floorDivide(localMs, 86_400_000)
        switch self {
        case .hour: return CivilTime.floorDivide(localMs, 3_600_000)
        case .day: return days
        // 1970-01-01 was a Thursday: +3 makes each key start on a Monday.
        case .week: return CivilTime.floorDivide(days + 3, 7)
        case .month:
            let t = CivilTime(epochMilliseconds: localMs)
            return Int64(t.year) * 12 + Int64(t.month - 1)
        case .year: return Int64(CivilTime(epochMilliseconds: localMs).year)
        }
    }
}
