import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
/// The engine's three outcomes are the CLI's exit codes 1, 3 and 2.
extension EngineError: ExitCodeCarrying {
    public var exitCode: CliExitCode {
        switch kind {
        case .failed: return .failed
        case .integrity: return .integrity
        case .configuration: return .usage
        }
    }
}
