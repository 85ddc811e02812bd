import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// The findings of `doctor` for one agent, as text (one line per check) and JSON.
public struct DoctorReport: Sendable, Equatable, Encodable {
    public var agent: String
    public var checks: [DoctorFinding]

    public init(agent: String, checks: [DoctorFinding]) {
        self.agent = agent
        self.checks = checks
    }

    public var problems: Int { checks.filter { $0.status == .problem }.count }
    public var warnings: Int { checks.filter { $0.status == .warning }.count }

    /// The finding of `check`, for tests and scripts.
    public func finding(_ check: String) -> DoctorFinding? { checks.first { $0.check == check } }

    /// `  ok       config        /home/me/.config/goose-b2-backup/config.json, private (mode 600)`,
    /// then a summary line.
    public var text: String {
        var lines = ["\(agent):"]
        for finding in checks {
            var line = "  " + finding.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                + finding.check.padding(toLength: 14, withPad: " ", startingAt: 0) + finding.message
            if let fix = finding.fix, finding.status == .warning || finding.status == .problem { line += " — fix: \(fix)" }
            lines.append(line)
        }
        let ok = checks.filter { $0.status == .ok }.count
        lines.append("  \(ok) ok, \(warnings) warning\(warnings == 1 ? "" : "s"), \(problems) problem\(problems == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }

    private enum CodingKeys: String, CodingKey { case agent, checks, problems, warnings }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agent, forKey: .agent)
        try container.encode(checks, forKey: .checks)
        try container.encode(problems, forKey: .problems)
        try container.encode(warnings, forKey: .warnings)
    }
}
