import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts

/// One line of `agent-backup doctor`: what was checked, how it went, and what to do about it.
public struct DoctorFinding: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case ok
        /// Works, but the user should know (not off-site, legacy passphrase, no service…).
        case warning
        /// Backups fail or are at risk until it is fixed: doctor exits 1.
        case problem
        /// Not checked because an earlier check failed (the reason says which).
        case skipped
    }

    /// The check's name: `config`, `credentials`, `encryption`, `endpoint`, `clock`, `bucket read`,
    /// `bucket write`, `passphrase`, `folders`, `lock`, `service`.
    public var check: String
    public var status: Status
    /// What was found, in one line.
    public var message: String
    /// What to do, for warnings and problems.
    public var fix: String?

    public init(_ check: String, _ status: Status, _ message: String, fix: String? = nil) {
        self.check = check
        self.status = status
        self.message = message
        self.fix = fix
    }

    public static func ok(_ check: String, _ message: String) -> DoctorFinding { DoctorFinding(check, .ok, message) }
    public static func warning(_ check: String, _ message: String, fix: String?) -> DoctorFinding { DoctorFinding(check, .warning, message, fix: fix) }
    public static func problem(_ check: String, _ message: String, fix: String?) -> DoctorFinding { DoctorFinding(check, .problem, message, fix: fix) }
    public static func skipped(_ check: String, because reason: String) -> DoctorFinding { DoctorFinding(check, .skipped, "not checked: \(reason)") }
}
