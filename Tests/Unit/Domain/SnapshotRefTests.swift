import Testing
@testable import AgentBackupDomain

@Suite struct SnapshotRefTests {
    @Test func regularAndSafetyNamesRoundTrip() throws {
        let regular = try SnapshotRef(parsing: "2026-02-09T10-04-05-123Z")
        #expect(regular.kind == .regular)
        #expect(!regular.isSafety)
        #expect(regular.description == "2026-02-09T10-04-05-123Z")
        let safety = try SnapshotRef(parsing: "safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z")
        #expect(safety.safetyFolder == "safety-2026-02-09T10-04-05Z")
        #expect(safety.id.rawValue == "2026-02-09T10-04-05-123Z")
        #expect(safety.description == "safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z")
        #expect(try SnapshotRef(parsing: safety.description) == safety)
    }

    @Test func refusesWhatIsNotASnapshotName() {
        for text in ["", "latest", "2026-02-09T10-04-05-123Z/", "other/2026-02-09T10-04-05-123Z",
                     "safety-x/y/2026-02-09T10-04-05-123Z", "safety-2026-02-09T10-04-05Z/nope"] {
            #expect(throws: DomainError.self, "\(text)") { try SnapshotRef(parsing: text) }
        }
    }

    @Test func sortsByTimeRegularFirst() throws {
        let a = try SnapshotRef(parsing: "2026-02-09T10-04-05-123Z")
        let b = try SnapshotRef(parsing: "safety-2026-02-09T10-04-05Z/2026-02-09T10-04-05-123Z")
        let c = try SnapshotRef(parsing: "2026-02-09T10-04-06-000Z")
        #expect([c, b, a].sorted() == [a, b, c])
    }
}
