import AgentBackupDomain
import Foundation
import Testing

/// Replays the `cron` fuzz target's inputs through `CronSchedule(parsing:)`: each parses (and
/// fires strictly after the instant asked about, in UTC and New York) or throws a `DomainError`.
@Suite struct CronFuzzReplayTests {
    @Test func everyKeptInputParsesOrIsRefusedWithADomainError() throws {
        let zones = try ["UTC", "America/New_York"].map { try #require(TimeZone(identifier: $0)) }
        let instant = Date(timeIntervalSince1970: 1_772_953_140.5)  // before New York's 2026 spring-forward
        var parsed = 0
        var refused = 0
        for input in try FuzzCorpus.inputs("cron") {
            let text = String(decoding: input.bytes, as: UTF8.self)
            let elapsed = FuzzCorpus.timed {
                do {
                    let schedule = try CronSchedule(parsing: text)
                    parsed += 1
                    #expect(try CronSchedule(parsing: schedule.source) == schedule, "\(input)")
                    for zone in zones {
                        if let next = schedule.nextFire(after: instant, in: zone) {
                            #expect(next > instant, "\(input) in \(zone.identifier)")
                        }
                    }
                } catch is DomainError {
                    refused += 1
                } catch {
                    Issue.record("\(input): undocumented error \(error)")
                }
            }
            #expect(elapsed < FuzzCorpus.slowLimit, "\(input) took \(elapsed)")
        }
        #expect(parsed >= 10)
        #expect(refused >= 3)
    }
}
