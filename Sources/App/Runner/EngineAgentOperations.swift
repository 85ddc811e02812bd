import AgentBackupDomain
import AgentBackupPorts
import Logging
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction

/// `AgentOperations` over the backup engine for one adapter and one store. Roots are resolved
/// again for every operation, so a daemon notices an agent folder created after it started.
public struct EngineAgentOperations: AgentOperations {
    public let engine: BackupEngine
    public let adapter: Adapter
    public let environment: AdapterEnvironment
    public let store: any ObjectStore
    public let configuration: Configuration
    public let logger: Logger
    /// Counts the store's requests for the `requests` field of each `--json` summary, when set.
    public let meter: MeteredObjectStore?
    /// Opens `migrate`'s destination; nil in a build (or test) that cannot migrate.
    public let destinations: MigrationDestinations?

    public init(
        engine: BackupEngine, adapter: Adapter, environment: AdapterEnvironment, store: any ObjectStore, configuration: Configuration,
        logger: Logger, meter: MeteredObjectStore? = nil, destinations: MigrationDestinations? = nil
    ) {
        self.meter = meter
        self.destinations = destinations
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
        if requireRoots && roots.isEmpty {
            throw NoStateFoldersError(
                agentID: adapter.id, hint: adapter.noRootsHint, searched: adapter.searchedPlaces(in: environment),
                variables: adapter.rootVariables)
        }
        return BackupTarget(
            id: adapter.id, roots: roots, rules: try adapter.pathRules(), redactor: try adapter.redactor(),
            pathNames: adapter.pathNames, pathRewriter: try adapter.pathRewriter(), origin: origin)
    }

    /// This machine as a snapshot records it: `$HOME`, `$USER` (or `$LOGNAME`) and the platform.
    var origin: SnapshotOrigin {
        let user = ["USER", "LOGNAME"].lazy.compactMap { environment.variables[$0] }.first { !$0.isEmpty }
        return SnapshotOrigin(home: environment.home, user: user, os: environment.platform.rawValue)
    }

    /// The report of one operation, with the requests it made since `start`.
    func report<Summary: Encodable>(_ text: String, _ summary: Summary, since start: RequestStats?) throws -> OperationReport {
        let requests = start.flatMap { start in meter.map { $0.snapshot.since(start) } }
        return try OperationReport(text: text, summary: SummaryWithRequests(summary: summary, requests: requests))
    }

    public func push() async throws -> OperationReport {
        let start = meter?.snapshot
        let summary = try await engine.push(try target(requireRoots: true))
        return try report(SummaryText.push(summary), summary, since: start)
    }

    public func restore(_ request: RestoreRequest) async throws -> OperationReport {
        let start = meter?.snapshot
        let options = RestoreOptions(
            snapshot: try request.snapshot.map { try SnapshotRef(parsing: $0) }, targetDirectory: request.targetDirectory,
            skipSafety: request.skipSafety, mirrorDelete: request.mirrorDelete, dryRun: request.dryRun,
            pathMappings: try request.pathMappings.map(PathMapping.init(parsing:)), mapHomeTo: request.mapHome ? environment.home : nil)
        let summary = try await engine.restore(try restoreTarget(intoRoots: request.targetDirectory == nil), options: options)
        return try report(SummaryText.restore(summary), summary, since: start)
    }

    public func snapshots(includeSafety: Bool) async throws -> OperationReport {
        let start = meter?.snapshot
        let listing = try await engine.snapshots(includeSafety: includeSafety)
        var report = try report(SummaryText.snapshots(listing), listing, since: start)
        if !listing.unreadable.isEmpty { report.exitCode = .failed }
        return report
    }

    public func verify(snapshot: String?) async throws -> OperationReport {
        let start = meter?.snapshot
        let summary = try await engine.verify(snapshot: try snapshot.map { try SnapshotRef(parsing: $0) })
        return try report(SummaryText.verify(summary), summary, since: start)
    }

    /// Exit 3 when a file of a readable snapshot did not verify, else 1 when a snapshot failed
    /// or its manifest did not open.
    public func verifyAll() async throws -> OperationReport {
        let start = meter?.snapshot
        let summary = try await engine.verifyAll()
        var report = try report(SummaryText.verifyAll(summary), summary, since: start)
        if summary.snapshots.contains(where: { $0.integrity == true }) {
            report.exitCode = .integrity
        } else if summary.snapshots.contains(where: { !$0.verified }) {
            report.exitCode = .failed
        }
        return report
    }

    /// Exit 3 when the check found damage.
    public func checkRepository(readDataFraction: Double) async throws -> OperationReport {
        let start = meter?.snapshot
        let depth = RepositoryCheckDepth(readDataFraction: readDataFraction, seed: UInt64.random(in: .min ... .max))
        let summary = try await engine.checkRepository(depth)
        var report = try report(SummaryText.checkRepository(summary), summary, since: start)
        if !summary.isHealthy { report.exitCode = .integrity }
        return report
    }

    public func prune(_ request: PruneRequest) async throws -> OperationReport {
        let start = meter?.snapshot
        var summary = try await engine.prune(policy: request.policy ?? configuration.retention,
                                             removeSafety: request.removeSafety == .all, dryRun: request.dryRun)
        if case .named(let folders) = request.removeSafety, !request.dryRun {
            let removed = try await engine.removeSafetySnapshots(in: folders)
            summary.objectsDeleted += removed.objectsDeleted
            summary.deletedSafety += removed.deletedSafety
        }
        return try report(SummaryText.prune(summary), summary, since: start)
    }

    public func migrate(_ request: MigrateRequest) async throws -> OperationReport {
        guard let destinations else {
            throw EngineError(.configuration, "migrate is not available in this build")
        }
        let start = meter?.snapshot
        let summary = try await engine.migrate(to: try await destinations(request))
        return try report(SummaryText.migrate(summary), summary, since: start)
    }

    /// Auto-restore: a new machine (the agent's folders missing or empty) gets the newest
    /// snapshot back, into the agent's default folders when they do not exist yet.
    public func restoreIfEmpty() async throws -> OperationReport? {
        let start = meter?.snapshot
        let candidate = try target(roots: try adapter.restoreRoots(in: environment), requireRoots: false)
        if candidate.roots.isEmpty {
            logger.warning("no state folder of \(adapter.id) exists here and none can be placed: nothing to restore into")
            return nil
        }
        if try engine.hasLocalFiles(candidate) { return nil }
        guard try await !engine.snapshots(includeSafety: false).snapshots.isEmpty else { return nil }
        let summary = try await engine.restore(try restoreTarget(intoRoots: true), options: RestoreOptions(skipSafety: true))
        return try report(SummaryText.restore(summary), summary, since: start)
    }
}

/// The adapter found none of its folders on this machine. The message is a new user's first
/// contact with the tool: it names every place looked at and how to point the agent elsewhere.
public struct NoStateFoldersError: Error, Sendable, Equatable, CustomStringConvertible {
    public var agentID: String
    public var hint: String?
    /// One line per place looked at (`config: /home/me/.config/goose (folder, not found)`).
    public var searched: [String]
    /// The variables that move the adapter's folders (`GOOSE_PATH_ROOT`, `XDG_CONFIG_HOME`…).
    public var variables: [String]

    public init(agentID: String, hint: String?, searched: [String] = [], variables: [String] = []) {
        self.agentID = agentID
        self.hint = hint
        self.searched = searched
        self.variables = variables
    }

    public var description: String {
        var text = "no state folders of \(agentID) were found on this machine" + (hint.map { ": \($0)" } ?? "")
        if !searched.isEmpty {
            text += "\nLooked in:\n" + searched.map { "  \($0)" }.joined(separator: "\n")
        }
        text += "\nTo back up from another place: "
        if !variables.isEmpty {
            text += "set \(variables.joined(separator: " or ")) to where \(agentID) keeps its state, or "
        }
        text += "describe the folders in an adapter file and run `agent-backup push --adapter FILE` "
            + "(`agent-backup agents --json` prints \(agentID)'s adapter to start from). Nothing was backed up."
        return text
    }
}
