import AgentBackupDomain
import AgentBackupPorts

/// Before a push or a prune changes anything, the run's key (or, with encryption off, the plain
/// mode) must open the newest snapshot's manifest. A push under another passphrase would
/// otherwise write a snapshot nobody can restore and carry forward objects its own key cannot
/// open, and from then on the right passphrase could not list the prefix either.
struct KeyCheck {
    let context: EngineContext

    /// The snapshot the check opens: the newest regular one, else the newest safety one; nil when
    /// the prefix holds no snapshot (nothing to check).
    static func newest(in catalog: RepositoryCatalog) -> SnapshotRef? {
        catalog.latest ?? catalog.safety.last
    }

    /// Opens the newest snapshot's manifest and returns it (nil when there is no snapshot);
    /// throws `.configuration` (exit 2) naming the snapshot when this run's key does not open it.
    func newestManifest(in repository: any SnapshotRepository, doing what: String) async throws -> PreviousSnapshot? {
        let catalog = try await repository.engineCatalog()
        guard let ref = Self.newest(in: catalog) else { return nil }
        do {
            return PreviousSnapshot(ref: ref, manifest: try await repository.manifest(of: ref))
        } catch let error as RepositoryError where error.kind != .failed {
            throw Self.refusal(ref: ref, repository: repository, doing: what, reason: error.message)
        } catch {
            throw EngineError.wrapping(error, context: "Opening snapshot \(ref) to check the passphrase")
        }
    }

    /// The refusal: which snapshot, why, and the two ways on.
    static func refusal(ref: SnapshotRef, repository: any SnapshotRepository, doing what: String, reason: String) -> EngineError {
        EngineError(.configuration,
            "Refusing to \(what): this run's passphrase (or encryption setting) does not open snapshot \(ref), the newest in "
            + "\(repository.displayName) (\(reason)). Nothing was changed. Use the passphrase and encryption setting this backup "
            + "was made with (encryptionKey / B2_ENCRYPTION_KEY, encrypt / B2_ENCRYPT). To change the passphrase deliberately, "
            + "back up under a new prefix; if the passphrase is right, the snapshot is damaged: `agent-backup snapshots` names "
            + "the unreadable ones.",
            files: [ref.description])
    }
}
