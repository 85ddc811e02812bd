import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// `agent-backup doctor`: checks, one after the other, everything a backup of one agent needs —
/// the config file and its permissions, the credentials and passphrase, the endpoint, the clock
/// against the store's, reading and writing the bucket, opening the newest snapshot, the agent's
/// folders, the lock, the service — and says for each what is wrong and how to fix it. A check
/// that cannot run because an earlier one failed is reported as skipped. Nothing here changes
/// the backup: the one object written to test the bucket is deleted at once.
public struct Doctor: Sendable {
    public let dependencies: DoctorDependencies

    public init(dependencies: DoctorDependencies) {
        self.dependencies = dependencies
    }

    /// How far the clocks may drift before a warning, and before SigV4 requests are at risk
    /// (AWS refuses signatures more than 15 minutes off; some servers are stricter).
    public static let clockWarningSeconds: Double = 60
    public static let clockProblemSeconds: Double = 300

    /// Every check for `agentID` (`adapter` nil when it could not be loaded: folders are skipped).
    public func examine(agentID: String, adapter: Adapter?) async -> DoctorReport {
        var checks: [DoctorFinding] = []
        let (configChecks, configuration) = configurationChecks(agentID: agentID)
        checks += configChecks
        guard let configuration else {
            for name in ["endpoint", "clock", "bucket read", "bucket write", "passphrase"] {
                checks.append(.skipped(name, because: "the configuration above must be fixed first"))
            }
            checks += await machineChecks(agentID: agentID, adapter: adapter, configuration: nil, snapshotsExist: nil)
            return DoctorReport(agent: agentID, checks: checks)
        }
        let store = await storeChecks(agentID: agentID, configuration: configuration)
        checks += store.findings
        checks += await machineChecks(agentID: agentID, adapter: adapter, configuration: configuration, snapshotsExist: store.snapshotsExist)
        return DoctorReport(agent: agentID, checks: checks)
    }

    /// `3m 20s`, `2h 5m`, `12s`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(abs(seconds).rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(total % 60)s" }
        return "\(total / 3600)h \(total % 3600 / 60)m"
    }
}
