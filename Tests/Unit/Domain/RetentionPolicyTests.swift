import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct RetentionPolicyTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// `count` random snapshot ids over about two years, from a seeded generator.
    static func randomIDs(_ count: Int, seed: UInt64) -> [SnapshotID] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        let start: Int64 = 1_767_225_600_000  // 2026-01-01
        return (0..<count).map { _ in
            SnapshotID(date: Date(timeIntervalSince1970: Double(start + Int64(next() % (730 * 86_400_000))) / 1000))
        }
    }

    static func randomPolicy(seed: UInt64) -> RetentionPolicy {
        var s = seed
        func pick() -> Int? {
            s = s &* 2862933555777620237 &+ 3037000493
            let v = Int(s >> 60)
            return v < 4 ? nil : v - 4
        }
        return RetentionPolicy(last: pick(), hourly: pick(), daily: pick(), weekly: pick(), monthly: pick(), yearly: pick(),
                               within: pick().map { RetentionDuration(days: $0) })
    }

    @Test func everySnapshotIsDecidedOnceAndTheNewestIsKept() {
        for seed in UInt64(1)...200 {
            let ids = Self.randomIDs(Int(seed % 60) + 1, seed: seed)
            let decision = Self.randomPolicy(seed: seed).apply(to: ids, timeZone: Self.utc)
            let all = decision.keep.map(\.id) + decision.remove
            #expect(Set(all) == Set(ids))
            #expect(all.count == Set(ids).count)
            #expect(decision.keep.map(\.id).contains(ids.max()!))
            #expect(decision.keep.allSatisfy { !$0.reasons.isEmpty })
        }
    }

    @Test func theUnionOfRulesKeepsWhatEachRuleKeeps() {
        for seed in UInt64(1)...100 {
            let ids = Self.randomIDs(40, seed: seed)
            let daily = RetentionPolicy(daily: 5).apply(to: ids, timeZone: Self.utc)
            let monthly = RetentionPolicy(monthly: 4).apply(to: ids, timeZone: Self.utc)
            let both = RetentionPolicy(daily: 5, monthly: 4).apply(to: ids, timeZone: Self.utc)
            #expect(Set(both.keep.map(\.id)) == Set(daily.keep.map(\.id)).union(monthly.keep.map(\.id)))
        }
    }

    @Test func keepingMoreNeverKeepsLess() {
        for seed in UInt64(1)...100 {
            let ids = Self.randomIDs(50, seed: seed)
            for n in 0..<8 {
                for make in [{ RetentionPolicy(last: $0) }, { RetentionPolicy(daily: $0) }, { RetentionPolicy(weekly: $0) },
                             { RetentionPolicy(monthly: $0) }] as [(Int) -> RetentionPolicy] {
                    let fewer = Set(make(n).apply(to: ids, timeZone: Self.utc).keep.map(\.id))
                    let more = Set(make(n + 1).apply(to: ids, timeZone: Self.utc).keep.map(\.id))
                    #expect(fewer.isSubset(of: more))
                }
            }
        }
    }

    @Test func lastKeepsTheNewestWithOrdinals() throws {
        let ids = try ["2026-01-01T00-00-00-000Z", "2026-01-02T00-00-00-000Z", "2026-01-03T00-00-00-000Z"].map { try SnapshotID(parsing: $0) }
        let decision = RetentionPolicy(last: 2).apply(to: ids, timeZone: Self.utc)
        #expect(decision.remove == [ids[0]])
        #expect(decision.keep == [KeptSnapshot(id: ids[1], reasons: ["last 2"]), KeptSnapshot(id: ids[2], reasons: ["newest", "last 1"])])
    }

    @Test func durationsParseInResticNotation() throws {
        #expect(try RetentionDuration(parsing: "48h") == RetentionDuration(hours: 48))
        #expect(try RetentionDuration(parsing: "1y2m3d4h") == RetentionDuration(years: 1, months: 2, days: 3, hours: 4))
        #expect(try RetentionDuration(parsing: "2w1d") == RetentionDuration(days: 15))
        #expect(try RetentionDuration(parsing: "1y6m").description == "1y6m")
        for bad in ["", "h", "48", "4h2d", "1x", "-1d", "1d1d", "9999999d", "１d"] {
            #expect(throws: DomainError.self, "\(bad)") { try RetentionDuration(parsing: bad) }
        }
    }

    @Test func withinCountsCalendarMonthsBackFromTheNewest() throws {
        let ids = try ["2026-02-28T12-00-00-000Z", "2026-02-28T11-59-59-999Z", "2026-03-31T12-00-00-000Z"].map { try SnapshotID(parsing: $0) }
        let decision = RetentionPolicy(within: RetentionDuration(months: 1)).apply(to: ids, timeZone: Self.utc)
        // March 31 minus one month clamps to February 28, same time.
        #expect(decision.remove == [ids[1]])
    }

    @Test func aNegativeCountIsRefusedNamingTheRule() {
        #expect(throws: DomainError(.invalidRetention, "keep daily is -1: it must be a whole number of 0 or more.")) {
            try RetentionPolicy(daily: -1).validate()
        }
    }
}
