import AgentBackup
import AgentBackupDomain
import Foundation
import Testing

@Suite struct CronTickScheduleTests {
    @Test func theConfiguredScheduleDrivesTheTicks() throws {
        let utc = TimeZone(identifier: "UTC")!
        let start = Date(timeIntervalSince1970: 1_770_631_445)  // 2026-02-09T10:04:05Z
        let every = CronTickSchedule(schedule: try ScheduleSetting(parsing: "@every 2s", source: "B2_SCHEDULE").cronSchedule, timeZone: utc)
        #expect(every.nextFire(after: start) == start.addingTimeInterval(2))
        let daily = CronTickSchedule(schedule: try ScheduleSetting.daily.cronSchedule, timeZone: utc)
        #expect(daily.nextFire(after: start) == Date(timeIntervalSince1970: 1_770_681_600))  // 2026-02-10T00:00:00Z
        let weekly = CronTickSchedule(schedule: try ScheduleSetting(parsing: "weekly", source: "schedule").cronSchedule, timeZone: utc)
        #expect(weekly.nextFire(after: start) == Date(timeIntervalSince1970: 1_771_113_600))  // Sunday 2026-02-15T00:00:00Z
    }
}
