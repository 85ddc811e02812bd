import AgentBackupDomain
import AgentBackupPorts

extension Verifier {
    /// `verify --repository` / `--read-data[-subset]`: the layout's whole-repository check
    /// (every snapshot opens, everything it names exists, the chosen share of the data read back
    /// and hash-checked). Damage is in the summary, not thrown: the runner turns it into exit 3.
    func checkRepository(_ depth: RepositoryCheckDepth) async throws -> RepositoryCheckSummary {
        let start = context.clock.now().timeIntervalSince1970
        return try await context.withRepository(forWriting: false) { work, repository in
            context.progress.report(.phase(name: "check", totalFiles: 0, totalBytes: 0))
            let report: RepositoryCheckReport
            do {
                report = try await repository.check(depth, scratch: work.path)
            } catch {
                throw EngineError.wrapping(error, context: "Checking \(repository.displayName)")
            }
            for problem in report.problems { context.logger.error("\(problem)") }
            return RepositoryCheckSummary(
                layout: repository.layout.rawValue, readDataPercent: depth.readDataFraction * 100,
                seed: depth.readDataFraction > 0 && depth.readDataFraction < 1 ? depth.seed : nil,
                report: report, durationSeconds: context.elapsed(since: start))
        }
    }
}

/// The outcome of a whole-repository check, as `--json` prints it.
public struct RepositoryCheckSummary: Sendable, Codable, Equatable {
    public var layout: String
    /// The share of the stored data read back, in percent (0: structure only).
    public var readDataPercent: Double
    /// The seed that chose a partial share (another run picks another share).
    public var seed: UInt64?
    public var snapshots: Int
    /// File objects (reference layout) or packs (packed layout).
    public var dataObjects: Int
    public var dataObjectsRead: Int
    public var filesRead: Int
    public var bytesRead: Int64
    public var problems: [String]
    public var notes: [String]
    public var durationSeconds: Double

    public init(layout: String, readDataPercent: Double, seed: UInt64?, report: RepositoryCheckReport, durationSeconds: Double) {
        self.layout = layout
        self.readDataPercent = readDataPercent
        self.seed = seed
        snapshots = report.snapshots
        dataObjects = report.dataObjects
        dataObjectsRead = report.dataObjectsRead
        filesRead = report.filesRead
        bytesRead = report.bytesRead
        problems = report.problems
        notes = report.notes
        self.durationSeconds = durationSeconds
    }

    public var isHealthy: Bool { problems.isEmpty }
}
