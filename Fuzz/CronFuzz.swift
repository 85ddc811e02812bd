import AgentBackupDomain
import Foundation

// Target `cron`: `CronSchedule(parsing:)` on any text. It must parse or throw a `DomainError`;
// a parsed schedule must parse again from its own source to an equal schedule, and its next
// fire time (in zones with gaps, overlaps, half-hour shifts and a skipped day) must be strictly
// later than the instant asked about, within the search horizon, and increase when asked again.

private let cronZones: [TimeZone] = ["UTC", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"].map {
    guard let zone = TimeZone(identifier: $0) else { fatalError("time zone \($0) is missing (install tzdata)") }
    return zone
}

/// Instants just before daylight-saving changes, a leap day and Samoa's skipped 2011-12-30.
private let cronInstants: [Date] = [
    1_772_953_140.5,  // 2026-03-08T06:59:00.5Z, one minute before New York springs forward
    1_793_512_740,    // 2026-11-01T05:59:00Z, before New York falls back
    1_709_164_800,    // 2024-02-29T00:00:00Z
    1_325_152_800,    // 2011-12-29T10:00:00Z, Samoa skips the next day
].map { Date(timeIntervalSince1970: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func cronFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzInput(data, size), as: UTF8.self)
    let schedule: CronSchedule
    do {
        schedule = try CronSchedule(parsing: text)
    } catch is DomainError {
        return 0
    } catch {
        fuzzUntypedError(error, from: "CronSchedule(parsing:)")
    }
    do {
        fuzzRequire(try CronSchedule(parsing: schedule.source) == schedule, "re-parsing the source gave another schedule")
    } catch {
        fatalError("CronSchedule refused its own source \(schedule.source.debugDescription): \(error)")
    }
    if let interval = schedule.intervalSeconds { fuzzRequire(interval >= 1, "@every interval below one second") }
    let horizon: TimeInterval = 9 * 366 * 86_400
    for zone in cronZones {
        for instant in cronInstants {
            guard let next = schedule.nextFire(after: instant, in: zone) else { continue }
            fuzzRequire(next > instant, "\(text.debugDescription) in \(zone.identifier): \(next) is not after \(instant)")
            fuzzRequire(next.timeIntervalSince(instant) <= horizon, "\(text.debugDescription): \(next) is past the horizon")
            if let after = schedule.nextFire(after: next, in: zone) {
                fuzzRequire(after > next, "\(text.debugDescription) in \(zone.identifier): fire times do not increase")
            }
        }
    }
    return 0
}
