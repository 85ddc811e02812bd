import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// The `SnapshotRepository` contract (the promises in its doc comment), written once and run
/// against every layout on the in-memory store:
///
/// ```swift
/// @Test(arguments: RepositoryConformance.Case.allCases)
/// func conformance(_ check: RepositoryConformance.Case) async throws {
///     try await RepositoryConformance.check(check, hasher: OpenSSLHasher()) { store in MyLayoutOpener(store: store, …) }
/// }
/// ```
///
/// Each check gets a fresh store and throws `RepositoryViolation` naming what broke.
public enum RepositoryConformance {
    public enum Case: String, Sendable, CaseIterable, CustomStringConvertible {
        /// A snapshot is listed only after `commit`; its manifest reads back as committed.
        case visibleOnlyAfterCommit
        /// Stored files read back byte-exact and hash-checked; empty and large files too.
        case readBack
        /// `reuse` of an unchanged file carries it into the next snapshot; a different hash is refused.
        case reuseCarriesUnchangedContent
        /// `holds` is true for the committed manifest only.
        case holdsChecksTheManifest
        /// Safety snapshots are listed apart from regular ones and read back.
        case safetySnapshotsApart
        /// A deletion stopped after each of its store deletes never leaves a listed snapshot that
        /// names a missing or unreadable object; the deletion finished later removes it.
        case deleteStoppedAtEveryStepLeavesNoBrokenSnapshot
        /// A write stopped after each of its puts never leaves a listed snapshot it did not commit.
        case writeStoppedAtEveryStepLeavesNoSnapshot
        /// Damaged objects are reported per file as integrity failures, never as data.
        case damageIsAnIntegrityError
        /// Leftovers of a write stopped at its last put (the manifest or snapshot) are collected,
        /// at once or (layouts that delete after a grace period) by a collection a month later.
        case garbageOfUnfinishedWritesIsCollected
        /// The whole-repository check: healthy on a healthy repository; a missing data object is
        /// found without reading data, a flipped byte in one is found by reading it back.
        case checkFindsMissingAndDamagedData

        public var description: String { rawValue }
    }

    /// Makes the layout's opener over a store (a fresh store per check).
    public typealias Factory = @Sendable (InMemoryObjectStore) -> any SnapshotRepositoryOpener

    /// Runs one check; `hasher` is the real SHA-256 (the support module has none of its own).
    public static func check(_ check: Case, hasher: any ContentHasher, factory: @escaping Factory) async throws {
        let world = try RepositoryWorld(factory: factory, hasher: hasher)
        switch check {
        case .visibleOnlyAfterCommit: try await visibleOnlyAfterCommit(world)
        case .readBack: try await readBack(world)
        case .reuseCarriesUnchangedContent: try await reuseCarriesUnchangedContent(world)
        case .holdsChecksTheManifest: try await holdsChecksTheManifest(world)
        case .safetySnapshotsApart: try await safetySnapshotsApart(world)
        case .deleteStoppedAtEveryStepLeavesNoBrokenSnapshot: try await deleteStoppedAtEveryStep(hasher: hasher, factory: factory)
        case .writeStoppedAtEveryStepLeavesNoSnapshot: try await writeStoppedAtEveryStep(hasher: hasher, factory: factory)
        case .damageIsAnIntegrityError: try await damageIsAnIntegrityError(world)
        case .garbageOfUnfinishedWritesIsCollected: try await garbageIsCollected(world, hasher: hasher, factory: factory)
        case .checkFindsMissingAndDamagedData: try await checkFindsMissingAndDamagedData(world)
        }
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw RepositoryViolation(message: message()) }
    }
}

/// What a repository conformance check found wrong.
public struct RepositoryViolation: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
