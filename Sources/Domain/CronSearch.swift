import Foundation

/// Finds the next fire time of a calendar schedule by walking matching local wall-clock
/// minutes in order and mapping each to the instants it names in the zone: none (a
/// spring-forward gap), one, or two (a fall-back overlap). All arithmetic is on whole seconds;
/// the zone is only asked for its UTC offset at given instants.
struct CronSearch {
    let rule: CronSchedule.CalendarRule
    let zone: TimeZone

    /// How far ahead the search goes before deciding the schedule never fires: long enough
    /// for `0 0 29 2 *` across a skipped leap year (2100), short enough to be instant.
    static let searchDays: Int64 = 8 * 366
    static let day: Int64 = 86_400

    func next(after instant: Date) -> Date? {
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e13 else { return nil }
        let t = Int64(seconds.rounded(.down))  // a whole-second instant i is after `instant` iff i > t
        let offsetT = offset(t)
        let (lowOffset, _) = offsetBounds(near: t)
        // An instant i = L - o(i) is after t only if L > t + o(i), so earlier local times
        // cannot fire after t; in an overlap they can be up to the shift earlier than t's.
        let startLocal = t + lowOffset
        let minutes = rule.minute.values.map(Int64.init)
        let hours = rule.hour.values.map(Int64.init)

        var best: Int64?
        var stopLocal = Int64.max
        var day = floorDivide(max(startLocal, t + offsetT - Self.day), Self.day)
        let lastDay = day + Self.searchDays
        dayLoop: while day <= lastDay, day * Self.day <= stopLocal {
            let (_, month, dayOfMonth) = CivilTime.civil(fromDays: Int(day))
            if rule.matchesDay(month: month, day: dayOfMonth, weekday: CivilTime.weekday(fromDays: Int(day))) {
                for hour in hours {
                    for minute in minutes {
                        let local = day * Self.day + hour * 3600 + minute * 60
                        if local <= startLocal { continue }
                        if local > stopLocal { break dayLoop }
                        for candidate in instants(local: local) where candidate > t && candidate < (best ?? .max) {
                            best = candidate
                            // Later local times map to later instants once past the largest
                            // offset in force around this one.
                            stopLocal = candidate + offsetBounds(near: candidate).high
                        }
                    }
                }
            }
            day += 1
        }
        return best.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The instants at which the wall clock reads `local` (seconds since 1970 of the local
    /// fields read as UTC), after cronie's DST rules.
    func instants(local: Int64) -> [Int64] {
        let (low, high) = offsetBounds(near: local - offset(local))
        var found: [Int64] = []
        for candidateOffset in Set([low, high, offset(local - low), offset(local - high)]) {
            let instant = local - candidateOffset
            if offset(instant) == candidateOffset, !found.contains(instant) {
                found.append(instant)
            }
        }
        found.sort()
        if found.isEmpty {
            // Skipped by a spring-forward gap: fixed times fire once when the gap ends.
            return rule.isWildcard ? [] : [gapEnd(from: local - high, to: local - low)]
        }
        if found.count > 1, !rule.isWildcard {
            return [found[0]]  // repeated by a fall-back overlap: fixed times fire once
        }
        return found
    }

    /// The first instant in `(from, to]` whose offset differs from the one at `from`: the
    /// moment the clock jumped.
    private func gapEnd(from: Int64, to: Int64) -> Int64 {
        let before = offset(from)
        var low = from
        var high = to
        guard offset(high) != before else { return high }
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(middle) == before { low = middle } else { high = middle }
        }
        return high
    }

    /// The smallest and largest UTC offsets in force within a day of `instant`.
    private func offsetBounds(near instant: Int64) -> (low: Int64, high: Int64) {
        let offsets = [offset(instant - Self.day), offset(instant), offset(instant + Self.day)]
        return (offsets.min()!, offsets.max()!)
    }

    private func offset(_ instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        CivilTime.floorDivide(a, b)
    }
}
