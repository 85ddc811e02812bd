import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

extension MigrationLayouts {
    /// The packed layout with small chunks and packs (`PackedTesting`), so a test history spans
    /// several chunks and packs.
    static let packed: MigrationDestinationFactory = { store, prefix, passphrase in
        PackedRepositoryOpener(store: store, settings: PackedTesting.settings(passphrase: passphrase, prefix: prefix), clock: SystemClock()) { store, settings, clock in
            try await PackedRepository.create(store: store, settings: settings, clock: clock, chunker: PackedTesting.smallChunker(), packSize: 1 << 20)
        }
    }
}

/// `migrate --to packed` and back: the checks every layout passes with the packed layout as the
/// destination (and as the source of the way back), then the reference engine's own bucket
/// through the packed layout and back to the reference layout.
@Suite struct PackedMigrationTests {
    let checks = MigrationChecks(destinations: MigrationLayouts.packed)

    /// Reference → packed → reference of a history of four regular snapshots and a safety one;
    /// every snapshot reads back whole and byte-identical at each step.
    @Test func wholeHistoryMovesAndComesBack() async throws { try await checks.wholeHistoryMovesAndComesBack() }
    @Test func plainAndEncryptedBothWays() async throws { try await checks.plainAndEncryptedBothWays() }
    @Test func resumesAfterStoppingAtTenPoints() async throws { try await checks.resumesAfterStoppingAtTenPoints() }
    @Test func refusesAnotherHistory() async throws { try await checks.refusesAnotherHistory() }
    @Test func damagedSourceFileStopsNamingIt() async throws { try await checks.damagedSourceFileStopsNamingIt() }

    /// The reference engine's bucket (Tests/Fixtures/data/bucket: live SQLite whose manifest
    /// sizes differ from the bytes stored, encrypted and plain) moves to the packed layout and
    /// back to the reference layout; at each step every snapshot restores byte-identical to the
    /// reference engine's own decryption, and the way back gives the reference layout the same
    /// manifests.
    @Test func theReferenceEnginesBucketGoesToPackedAndBack() async throws {
        let h = try EngineHarness()
        try ReferenceMigrationTests.loadReferenceBucket(into: h.store)
        let histories = [
            ("agent-backup-fixture", true, ["2026-11-25T12-57-24-347Z", "2026-11-25T12-57-25-995Z", "2026-11-25T12-57-27-557Z"]),
            ("agent-backup-fixture-plain", false, ["2026-11-25T12-57-28-102Z"]),
        ]
        for (prefix, encrypted, ids) in histories {
            let source = MigrationLayouts.reference(h.store, prefix, encrypted ? testPassphrase : nil)
            let packed = MigrationLayouts.packed(h.store, prefix + "-packed", MigrationChecks.newPassphrase)
            let there = try await h.engine(source: source).migrate(to: packed)
            #expect(there.snapshots.map(\.snapshot) == ids)
            try await RepositoryContents().expectSameHistory(packed, as: source)
            try await ReferenceMigrationTests.expectRestoresTheFixture(h, from: packed, prefix: prefix, ids: ids)

            let back = MigrationLayouts.reference(h.store, prefix + "-back", encrypted ? testPassphrase : nil)
            let returned = try await h.engine(source: packed).migrate(to: back)
            #expect(returned.copied == ids.count)
            try await RepositoryContents().expectSameHistory(back, as: source)
            try await ReferenceMigrationTests.expectRestoresTheFixture(h, from: back, prefix: prefix, ids: ids)
        }
    }
}
