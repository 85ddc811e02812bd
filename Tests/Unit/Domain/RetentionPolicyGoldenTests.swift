import Foundation
import Testing
@testable import AgentBackupDomain

/// Golden tests in the style of restic's `TestApplyPolicy`: one fixed list of 100 snapshot ids
/// (Tests/Fixtures/data/retention/snapshots.txt: DST changes in Berlin and New York, two year
/// ends, a year of random pushes, a burst of pushes in one afternoon) and one expected file per
/// policy beside it, `<case>.txt`, a line per snapshot oldest first: `<id> keep <reasons>` or
/// `<id> remove`.
///
/// After a deliberate change of the rules, regenerate the expected files and review the diff:
/// `AGENT_BACKUP_UPDATE_GOLDEN=1 swift test --filter RetentionPolicyGoldenTests`.
@Suite struct RetentionPolicyGoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: RetentionPolicy
        var zone: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "last-3", policy: RetentionPolicy(last: 3), zone: "UTC"),
        Case(name: "hourly-10-berlin", policy: RetentionPolicy(hourly: 10), zone: "Europe/Berlin"),
        Case(name: "daily-7-utc", policy: RetentionPolicy(daily: 7), zone: "UTC"),
        Case(name: "daily-30-berlin", policy: RetentionPolicy(daily: 30), zone: "Europe/Berlin"),
        Case(name: "daily-30-new-york", policy: RetentionPolicy(daily: 30), zone: "America/New_York"),
        Case(name: "weekly-8-berlin", policy: RetentionPolicy(weekly: 8), zone: "Europe/Berlin"),
        Case(name: "monthly-12-new-york", policy: RetentionPolicy(monthly: 12), zone: "America/New_York"),
        Case(name: "yearly-3-berlin", policy: RetentionPolicy(yearly: 3), zone: "Europe/Berlin"),
        Case(name: "within-48h", policy: RetentionPolicy(within: try! RetentionDuration(parsing: "48h")), zone: "UTC"),
        Case(name: "within-1m", policy: RetentionPolicy(within: try! RetentionDuration(parsing: "1m")), zone: "UTC"),
        Case(name: "combined-berlin", policy: RetentionPolicy(last: 3, daily: 7, weekly: 4, monthly: 12,
                                                             within: try! RetentionDuration(parsing: "48h")), zone: "Europe/Berlin"),
        Case(name: "everything-new-york", policy: RetentionPolicy(last: 2, hourly: 6, daily: 5, weekly: 3, monthly: 4,
                                                                 yearly: 2, within: try! RetentionDuration(parsing: "1d12h")), zone: "America/New_York"),
        Case(name: "empty", policy: RetentionPolicy(), zone: "UTC"),
    ]

    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fixtures/data/retention").standardized
    }

    static func snapshots() throws -> [SnapshotID] {
        let text = try String(contentsOf: folder.appendingPathComponent("snapshots.txt"), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { try SnapshotID(parsing: String($0)) }
    }

    static func render(_ decision: RetentionDecision) -> String {
        var lines: [(SnapshotID, String)] = decision.keep.map { ($0.id, "\($0.id) keep \($0.reasons.joined(separator: ", "))") }
        lines += decision.remove.map { ($0, "\($0) remove") }
        return lines.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n") + "\n"
    }

    @Test(arguments: cases) func matchesTheGoldenFile(_ test: Case) throws {
        let ids = try Self.snapshots()
        #expect(ids.count == 100)
        let decision = test.policy.apply(to: ids.shuffled(), timeZone: TimeZone(identifier: test.zone)!)
        let rendered = Self.render(decision)
        let file = Self.folder.appendingPathComponent(test.name + ".txt")
        if ProcessInfo.processInfo.environment["AGENT_BACKUP_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(rendered == expected, "\(test.name): rerun with AGENT_BACKUP_UPDATE_GOLDEN=1 and review the diff if the change is deliberate")
    }
}
