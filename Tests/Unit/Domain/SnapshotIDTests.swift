import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct SnapshotIDTests {
    /// 2026-02-09T10:04:05.123Z as seconds since the epoch.
    static let sample = 1_770_631_445.123

    @Test func parsesAndFormatsTheReferenceForm() throws {
        let id = try SnapshotID(parsing: "2026-02-09T10-04-05-123Z")
        #expect(id.rawValue == "2026-02-09T10-04-05-123Z")
        #expect(id.description == "2026-02-09T10-04-05-123Z")
        #expect(id.isoTimestamp == "2026-02-09T10:04:05.123Z")
        #expect(id.date == Date(timeIntervalSince1970: Self.sample))
    }

    @Test func formatsADateInUTCWithMilliseconds() {
        #expect(SnapshotID(date: Date(timeIntervalSince1970: Self.sample)).rawValue == "2026-02-09T10-04-05-123Z")
        #expect(SnapshotID(date: Date(timeIntervalSince1970: 0)).rawValue == "1970-01-01T00-00-00-000Z")
        #expect(SnapshotID(date: Date(timeIntervalSince1970: 951_782_400)).rawValue == "2000-02-29T00-00-00-000Z")
        #expect(SnapshotID(date: Date(timeIntervalSince1970: 4_102_444_799.999)).rawValue == "2099-12-31T23-59-59-999Z")
    }

    @Test func truncatesSubMillisecondsLikeJavaScript() {
        #expect(SnapshotID(date: Date(timeIntervalSince1970: 1.9999)).rawValue == "1970-01-01T00-00-01-999Z")
        #expect(SnapshotID(date: Date(timeIntervalSince1970: -0.0005)).rawValue == "1969-12-31T23-59-59-999Z")
    }

    @Test func datesBeforeTheEpochFormat() {
        #expect(SnapshotID(date: Date(timeIntervalSince1970: -86_400)).rawValue == "1969-12-31T00-00-00-000Z")
    }

    @Test func roundTripsThroughDateForManyInstants() throws {
        // Floating point must never turn .123 into .122.
        var ms: Int64 = 1_770_631_445_000
        for _ in 0..<2000 {
            let id = SnapshotID(date: Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(id.date == Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(SnapshotID(date: id.date) == id)
            #expect(try SnapshotID(parsing: id.rawValue) == id)
            ms += 7_777_777
        }
    }

    @Test func parsesTheIsoTimestamp() throws {
        let id = try SnapshotID(isoTimestamp: "2026-11-25T12:57:24.347Z")
        #expect(id.rawValue == "2026-11-25T12-57-24-347Z")
        #expect(throws: DomainError.self) { try SnapshotID(isoTimestamp: "2026-11-25T12-57-24-347Z") }
        #expect(throws: DomainError.self) { try SnapshotID(isoTimestamp: "2026-11-25T12:57:24Z") }
    }

    @Test func leapDayIsValidOnlyInLeapYears() throws {
        #expect(try SnapshotID(parsing: "2028-02-29T00-00-00-000Z").rawValue == "2028-02-29T00-00-00-000Z")
        #expect(try SnapshotID(parsing: "2000-02-29T00-00-00-000Z").date == Date(timeIntervalSince1970: 951_782_400))
        #expect(throws: DomainError.self) { try SnapshotID(parsing: "2026-02-29T00-00-00-000Z") }
        #expect(throws: DomainError.self) { try SnapshotID(parsing: "2100-02-29T00-00-00-000Z") }
    }

    @Test(arguments: [
        ("2026-02-09T10-04-05-123", "characters"),
        ("2026-02-09T10-04-05-123ZZ", "characters"),
        ("", "characters"),
        ("2026-02-09T10:04:05.123Z", "instead of '-'"),
        ("2026-02-09 10-04-05-123Z", "instead of 'T'"),
        ("2026/02-09T10-04-05-123Z", "instead of '-'"),
        ("2026-02-09T10-04-05-123z", "'Z'"),
        ("2026-02-09T10-04-05-12xZ", "non-digit in its milliseconds"),
        ("202a-02-09T10-04-05-123Z", "non-digit in its year"),
        ("2026-+2-09T10-04-05-123Z", "non-digit in its month"),
        ("2026-13-09T10-04-05-123Z", "month 13"),
        ("2026-00-09T10-04-05-123Z", "month 0"),
        ("2026-04-31T10-04-05-123Z", "day 31"),
        ("2026-01-00T10-04-05-123Z", "day 0"),
        ("2026-02-09T24-04-05-123Z", "hour 24"),
        ("2026-02-09T10-60-05-123Z", "minute 60"),
        ("2026-02-09T10-04-60-123Z", "second 60"),
        ("safety-2026-02-09T10-04-05Z", "characters"),
        ("２026-02-09T10-04-05-123Z", "characters"),
    ])
    func refusesMalformedIds(text: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try SnapshotID(parsing: text) }
        #expect(error?.code == .invalidSnapshotID)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("2026-02-09T10-04-05-123Z") == true)
    }

    @Test func ordersByRawStringWhichIsTimeOrder() throws {
        let ids = try ["2026-02-09T10-04-05-123Z", "2025-12-31T23-59-59-999Z", "2026-02-09T10-04-05-122Z", "2026-02-10T00-00-00-000Z"].map(SnapshotID.init(parsing:))
        #expect(ids.sorted().map(\.rawValue) == ["2025-12-31T23-59-59-999Z", "2026-02-09T10-04-05-122Z", "2026-02-09T10-04-05-123Z", "2026-02-10T00-00-00-000Z"])
        #expect(ids.sorted().map(\.date) == ids.map(\.date).sorted())
    }

    @Test func codableAsItsRawString() throws {
        let id = try SnapshotID(parsing: "2026-02-09T10-04-05-123Z")
        let data = try JSONEncoder().encode([id])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-02-09T10-04-05-123Z"]"#)
        #expect(try JSONDecoder().decode([SnapshotID].self, from: data) == [id])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([SnapshotID].self, from: Data(#"["nope"]"#.utf8)) }
    }
}

@Suite struct SafetyPrefixTests {
    @Test func namesTheFolderWithoutMilliseconds() {
        #expect(SafetyPrefix.name(for: Date(timeIntervalSince1970: SnapshotIDTests.sample)) == "safety-2026-02-09T10-04-05Z")
        #expect(SafetyPrefix.name(for: Date(timeIntervalSince1970: 0.999)) == "safety-1970-01-01T00-00-00Z")
    }

    @Test func recognisesSafetyFolders() {
        #expect(SafetyPrefix.isSafety("safety-2026-02-09T10-04-05Z"))
        #expect(SafetyPrefix.isSafety("safety-2026-02-09T10-04-05Z/"))
        #expect(!SafetyPrefix.isSafety("2026-02-09T10-04-05-123Z"))
        #expect(!SafetyPrefix.isSafety("Safety-2026"))
        #expect(!SafetyPrefix.isSafety("safety"))
    }

    @Test func safetyNamesAreNeverSnapshotIds() {
        #expect(throws: DomainError.self) { try SnapshotID(parsing: SafetyPrefix.name(for: Date(timeIntervalSince1970: 0))) }
    }
}
