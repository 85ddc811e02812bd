import AgentBackupDomain
import Foundation

/// The configured `CronSchedule` as the daemon's tick source, read in the local time zone
/// (cron's wall-clock times are the user's).
public struct CronTickSchedule: TickSchedule {
    public let schedule: CronSchedule
    public let timeZone: TimeZone

    public init(schedule: CronSchedule, timeZone: TimeZone = .current) {
        self.schedule = schedule
        self.timeZone = timeZone
    }

    public func nextFire(after date: Date) -> Date? {
        schedule.nextFire(after: date, in: timeZone)
    }
}
