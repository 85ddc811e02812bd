import Foundation
import AgentBackupDomain
import AgentBackupPorts
import Logging

/// What every use case of the engine works with: the ports, the configuration and the local
/// caches. A value: each operation reads the caches from `configuration.cacheDirectory` and
/// writes them back atomically, so operations may run one after another in a daemon.
struct EngineContext: Sendable {
    let repositories: any SnapshotRepositoryOpener
    let hasher: any ContentHasher
    let fileSystem: any FileSystem
    let scratch: any ScratchSpace
    let sqlite: any SQLiteSnapshotter
    let clock: any WallClock
    let progress: any ProgressReporter
    let logger: Logger
    let configuration: EngineConfiguration

    /// The manifest cache and the record of which snapshot it describes.
    var manifestCache: LocalManifestCache {
        LocalManifestCache(fileSystem: fileSystem, directory: configuration.cacheDirectory)
    }

    /// Where the stat cache lives.
    var statCachePath: String { configuration.cacheDirectory + "/statcache" }

    /// Seconds since `start` by the injected clock.
    func elapsed(since start: Double) -> Double {
        max(0, clock.now().timeIntervalSince1970 - start)
    }

    /// Runs `body` with a private work area (removed afterwards, even on failure) and the
    /// repository opened for this operation.
    func withRepository<T>(
        forWriting: Bool, _ body: (WorkArea, any SnapshotRepository) async throws -> T
    ) async throws -> T {
        let work = try WorkArea.open(scratch: scratch, fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory)
        defer { work.close() }
        let repository: any SnapshotRepository
        do {
            repository = try await repositories.open(scratch: work.path, forWriting: forWriting)
        } catch {
            throw EngineError.wrapping(error, context: "Opening the backup")
        }
        return try await body(work, repository)
    }

    /// As above, running `preparing` (a push's scan) while the repository opens: the open's
    /// requests and key derivation (one scrypt, tens of ms) then cost no wall time of their own.
    /// An open that fails cancels `preparing` (the scan stops at its next file) and is the error.
    func withRepository<P: Sendable, T>(
        forWriting: Bool, preparing: @escaping @Sendable (WorkArea) async throws -> P,
        _ body: (WorkArea, any SnapshotRepository, P) async throws -> T
    ) async throws -> T {
        let work = try WorkArea.open(scratch: scratch, fileSystem: fileSystem, cacheDirectory: configuration.cacheDirectory)
        defer { work.close() }
        async let prepared = preparing(work)
        let repository: any SnapshotRepository
        do {
            repository = try await repositories.open(scratch: work.path, forWriting: forWriting)
        } catch {
            throw EngineError.wrapping(error, context: "Opening the backup")
        }
        return try await body(work, repository, try await prepared)
    }

    /// Refuses a cache folder inside an agent root: the tool's own files would be backed up
    /// and, on restore, overwritten.
    func checkCacheOutsideRoots(_ target: BackupTarget) throws {
        let cache = LocalPath.trimmed(configuration.cacheDirectory)
        for root in target.roots where root.kind == .directory {
            if LocalPath.isInside(cache, root: LocalPath.trimmed(root.path)) {
                throw EngineError(.configuration,
                    "The cache folder \(configuration.cacheDirectory) is inside the root '\(root.label)' (\(root.path)): "
                    + "set cacheDir to a folder outside the agent's state, e.g. ~/.agent-backup/\(target.id).")
            }
        }
    }
}
