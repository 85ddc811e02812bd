import AgentBackupDomain
import AgentBackupPorts
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction

/// An error that knows its exit code (the engine's errors conform where they are wired).
public protocol ExitCodeCarrying: Error {
    var exitCode: CliExitCode { get }
}

extension CliExitCode {
    /// The exit code an error deserves: configuration → 2, integrity → 3, everything else → 1.
    public init(for error: any Error) {
        switch error {
        case let e as CommandExit: self = e.code
        case let e as ExitCodeCarrying: self = e.exitCode
        case let e as OperationFailure: self = e.exitCode
        case is ConfigurationError: self = .usage
        case let e as AdapterError:
            // A bad adapter id or file is the user's input; a discovery file that breaks at run time is not.
            self = e.kind == .discovery ? .failed : .usage
        case let e as CryptoError:
            switch e.code {
            case .authenticationFailed, .notEncrypted: self = .integrity
            case .library, .io: self = .failed
            }
        case let e as DomainError:
            switch e.code {
            case .invalidManifest, .unsupportedManifestVersion, .invalidPath: self = .integrity
            default: self = .usage  // a bad pattern, schedule, snapshot id or retention: fix the input
            }
        default: self = .failed
        }
    }
}
