import Foundation

/// When the daemon's next scheduled push is due. The cron schedule of the config conforms; tests
/// give simple rules.
public protocol TickSchedule: Sendable {
    /// The first fire time strictly after `date`, or nil when the schedule never fires again.
    func nextFire(after date: Date) -> Date?
}

/// A fixed interval from the previous fire (`@every 2s`), for tests and simple schedules.
public struct IntervalSchedule: TickSchedule {
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }

    public func nextFire(after date: Date) -> Date? { date.addingTimeInterval(seconds) }
}
