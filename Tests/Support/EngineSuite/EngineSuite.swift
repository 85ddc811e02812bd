import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// The engine's core use cases (push, restore, safety snapshots, listing, verify, prune), written
/// once against the engine's public API and run over every store and layout, the way
/// `RepositoryConformance` runs the repository contract:
///
/// ```swift
/// @Test(arguments: EngineSuiteLayout.allCases, EngineSuite.Case.allCases)
/// func engine(_ layout: EngineSuiteLayout, _ check: EngineSuite.Case) async throws {
///     try await EngineSuite.check(check, on: layout.backend(name: "in-memory") { _ in EngineSuiteStore(store: InMemoryObjectStore(), prefix: "p") })
/// }
/// ```
///
/// The unit tests run it on the in-memory store, the integration tests on the S3 server of
/// `scripts/test`; both for the reference and the packed layout. A case that fails on one
/// backend only is a bug of that store or layout.
public enum EngineSuite {
    public enum Case: String, Sendable, CaseIterable, CustomStringConvertible {
        /// Another machine with empty roots restores byte-identical files; its next push has nothing to do.
        case restoreIntoEmptyRootsIsByteIdentical
        /// Reference E2 / SPEC item 11: restore an older snapshot, push, restore the newest
        /// elsewhere: byte-identical to the older one (carry-forward never copies wrong bytes).
        case restoreOlderThenPushThenRestoreNewestIsByteIdentical
        /// SPEC item 16: an exact mirror deletes included extras after the safety snapshot, which holds them.
        case mirrorDeleteRemovesOnlyIncludedExtrasAfterTheSafetySnapshot
        /// Without the mirror, local extras stay.
        case withoutMirrorExtraFilesStay
        /// A dry run changes neither the files, the cache nor the store.
        case dryRunWritesNothing
        /// A restore into a target folder leaves the roots and the caches alone.
        case targetDirectoryLeavesRootsAndCachesAlone
        /// An unknown snapshot and an empty prefix are configuration errors.
        case missingSnapshotsAreConfigurationErrors
        /// No safety snapshot when the restore would change nothing.
        case noSafetySnapshotWhenNothingWouldChange
        /// Issue #17 item 1: a safety snapshot restores by its one name, taking its own safety
        /// snapshot first; verify takes the name; it is removed only on request.
        case restoringASafetySnapshotTakesItsOwnSafetySnapshot
        /// Snapshots are listed oldest first with their file counts and sizes.
        case snapshotsAreListedOldestFirstWithCountsAndBytes
        /// Verify reads every file of the newest snapshot and names none when all are sound.
        case verifyChecksEveryFile
        /// Retention after a push and an explicit prune keep the newest; keeping zero is refused.
        case retentionAndPruneKeepTheNewest
        /// Issue #14: names Unicode calls equal are two files in the push and the restore.
        case nameTwinsArePushedAndRestoredApart

        public var description: String { rawValue }
    }

    /// Runs one case on a fresh world of `backend`, always cleaning its store up afterwards.
    public static func check(_ check: Case, on backend: EngineSuiteBackend) async throws {
        let world = try await EngineSuiteWorld.make(backend: backend, name: check.rawValue)
        do {
            try await run(check, world)
        } catch {
            await world.close()
            throw error
        }
        await world.close()
    }

    private static func run(_ check: Case, _ world: EngineSuiteWorld) async throws {
        switch check {
        case .restoreIntoEmptyRootsIsByteIdentical: try await restoreIntoEmptyRoots(world)
        case .restoreOlderThenPushThenRestoreNewestIsByteIdentical: try await restoreOlderThenPushThenRestoreNewest(world)
        case .mirrorDeleteRemovesOnlyIncludedExtrasAfterTheSafetySnapshot: try await mirrorDelete(world)
        case .withoutMirrorExtraFilesStay: try await withoutMirrorExtraFilesStay(world)
        case .dryRunWritesNothing: try await dryRunWritesNothing(world)
        case .targetDirectoryLeavesRootsAndCachesAlone: try await targetDirectory(world)
        case .missingSnapshotsAreConfigurationErrors: try await missingSnapshots(world)
        case .noSafetySnapshotWhenNothingWouldChange: try await noSafetySnapshotWhenNothingWouldChange(world)
        case .restoringASafetySnapshotTakesItsOwnSafetySnapshot: try await restoringASafetySnapshot(world)
        case .snapshotsAreListedOldestFirstWithCountsAndBytes: try await listing(world)
        case .verifyChecksEveryFile: try await verify(world)
        case .retentionAndPruneKeepTheNewest: try await retentionAndPrune(world)
        case .nameTwinsArePushedAndRestoredApart: try await nameTwins(world)
        }
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw EngineSuiteFailure(message: message()) }
    }

    /// Runs `body`, which must throw an `EngineError` of `kind`.
    static func requireError<T>(_ kind: EngineError.Kind, _ what: String, _ body: () async throws -> T) async throws {
        do {
            _ = try await body()
        } catch let error as EngineError {
            try require(error.kind == kind, "\(what): \(error.kind) instead of \(kind): \(error.message)")
            return
        }
        throw EngineSuiteFailure(message: "\(what) did not fail")
    }
}

/// What an engine suite case found wrong.
public struct EngineSuiteFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
