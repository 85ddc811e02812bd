import AgentBackupDomain
import AgentBackupPorts
import Logging

/// `AgentOperations` over the backup engine for one adapter and one store. Roots are resolved
/// again for every operation, so a daemon notices an agent folder created after it started.
public struct EngineAgentOperations: AgentOperations {
    public let engine: BackupEngine
    public let adapter: Adapter
    public let environment: AdapterEnvironment
    public let store: any ObjectStore
    public let configuration: Configuration
    public let logger: Logger

    public init(engine: BackupEngine, adapter: Adapter, environment: AdapterEnvironment, store: any ObjectStore, configuration: Configuration, logger: Logger) {
        self.engine = engine
        self.adapter = adapter
        self.environment = environment
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// The adapter's roots found now, its rules and its redactor.
    func target(requireRoots: Bool) throws -> BackupTarget {
        try target(roots: try adapter.resolveRoots(in: environment), requireRoots: requireRoots)
    }

    /// The target of a restore: missing fixed roots count at their default place (a new
    /// machine). Restoring into the roots (not `--target`), each is named in a notice so the
    /// user sees where the agent's state will appear.
    func restoreTarget(intoRoots: Bool) throws -> BackupTarget {
        let roots = try adapter.restoreRoots(in: environment)
        if intoRoots {
            let existing = Set(try adapter.resolveRoots(in: environment).map(\.path))
            for root in roots where !existing.contains(root.path) {
                logger.notice("\(root.label): \(root.path) does not exist yet; files the snapshot has for it are restored there")
            }
        }
        return try target(roots: roots, requireRoots: intoRoots)
    }

    private func target(roots: [Root], requireRoots: Bool) throws -> BackupTarget {
        if requireRoots && roots.isEmpty { throw NoStateFoldersError(agentID: adapter.id, hint: adapter.noRootsHint) }
        return BackupTarget(id: adapter.id, roots: roots, rules: try adapter.pathRules(), redactor: try adapter.redactor())
    }

    public func push() async throws -> OperationReport {
        let summary = try await engine.push(try target(requireRoots: true))
        return try OperationReport(text: SummaryText.push(summary), summary: summary)
    }

    public func restore(_ request: RestoreRequest) async throws -> OperationReport {
        let options = RestoreOptions(
            snapshot: try request.snapshot.map { try SnapshotID(parsing: $0) }, targetDirectory: request.targetDirectory,
            skipSafety: request.skipSafety, mirrorDelete: request.mirrorDelete, dryRun: request.dryRun)
        let summary = try await engine.restore(try restoreTarget(intoRoots: request.targetDirectory == nil), options: options)
        return try OperationReport(text: SummaryText.restore(summary), summary: summary)
    }

    public func snapshots(includeSafety: Bool) async throws -> OperationReport {
        let listing = try await engine.snapshots(includeSafety: includeSafety)
        return try OperationReport(text: SummaryText.snapshots(listing), summary: listing)
    }

    public func verify(snapshot: String?) async throws -> OperationReport {
        let summary = try await engine.verify(snapshot: try snapshot.map { try SnapshotID(parsing: $0) })
        return try OperationReport(text: SummaryText.verify(summary), summary: summary)
    }

    public func prune(_ request: PruneRequest) async throws -> OperationReport {
        var summary = try await engine.prune(keep: request.keep ?? configuration.keepSnapshots, removeSafety: request.removeSafety == .all)
        if case .named(let folders) = request.removeSafety {
            for folder in folders {
                summary.objectsDeleted += try await deleteSafetyFolder(folder)
                summary.deletedSafety.append(folder)
            }
        }
        return try OperationReport(text: SummaryText.prune(summary), summary: summary)
    }

    public func restoreIfEmpty() async throws -> OperationReport? {
        let target = try target(requireRoots: false)
        if target.roots.isEmpty {
            logger.warning("no state folder of \(adapter.id) exists here yet: nothing to restore into")
            return nil
        }
        if try engine.hasLocalFiles(target) { return nil }
        guard try await !engine.snapshots(includeSafety: false).snapshots.isEmpty else { return nil }
        let summary = try await engine.restore(target, options: RestoreOptions(skipSafety: true))
        return try OperationReport(text: SummaryText.restore(summary), summary: summary)
    }

    /// Deletes every object of one safety folder (`<prefix>/safety-…/`); an unknown name is a usage error.
    func deleteSafetyFolder(_ folder: String) async throws -> Int {
        guard SafetyPrefix.isSafety(folder), !folder.contains("/") else {
            throw EngineError(.configuration, "\"\(folder)\" is not a safety snapshot folder: use a name listed by `snapshots --safety`")
        }
        let keys = try await store.listAll(prefix: "\(configuration.prefix)/\(folder)/").objects.map(\.key)
        guard !keys.isEmpty else {
            throw EngineError(.configuration, "there is no safety snapshot \"\(folder)\" under \(configuration.prefix)/: see `snapshots --safety`")
        }
        var index = 0
        while index < keys.count {
            let batch = Array(keys[index..<min(index + 1000, keys.count)])
            try await store.delete(keys: batch)
            index += batch.count
        }
        logger.info("deleted safety snapshots \(folder) (\(keys.count) objects)")
        return keys.count
    }
}

/// The adapter found none of its folders on this machine.
public struct NoStateFoldersError: Error, Sendable, Equatable, CustomStringConvertible {
    public var agentID: String
    public var hint: String?

    public init(agentID: String, hint: String?) {
        self.agentID = agentID
        self.hint = hint
    }

    public var description: String {
        "no state folders of \(agentID) were found on this machine" + (hint.map { ": \($0)" } ?? "")
    }
}
