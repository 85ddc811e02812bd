import AgentBackupDomain
import AgentBackupPorts

/// Why an engine operation did not succeed, sorted into the three outcomes the command line
/// turns into exit codes, with a message a user can act on and the files concerned.
///
/// A run that backed up most files but could not read some still throws (kind `.failed`):
/// a backup that silently missed a file must never look like a success.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure; each maps to one exit code.
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The operation failed (store, network, local I/O, unreadable files): exit 1.
        case failed
        /// Data did not verify (hash or authentication mismatch, a refused manifest): exit 3.
        case integrity
        /// The request or the configuration is wrong (unknown snapshot, wrong mode): exit 2.
        case configuration

        /// The process exit code the command line uses for this kind.
        public var exitCode: Int32 {
            switch self {
            case .failed: return 1
            case .integrity: return 3
            case .configuration: return 2
            }
        }
    }

    /// The class of failure.
    public var kind: Kind
    /// What went wrong and what to do, naming files and keys.
    public var message: String
    /// The virtual paths (or object keys) concerned, for `--json` output and tests.
    public var files: [String]

    /// An error of `kind`; `files` lists what it concerns.
    public init(_ kind: Kind, _ message: String, files: [String] = []) {
        self.kind = kind
        self.message = message
        self.files = files
    }

    public var description: String { message }
}

extension EngineError {
    /// Wraps any error thrown by a port into an engine error, keeping the port's message and
    /// choosing the kind: authentication failures and refused manifests are integrity errors,
    /// everything else a failure. `context` says what was being done ("download data/a.db").
    static func wrapping(_ error: any Error, context: String, file: String? = nil) -> EngineError {
        if let engine = error as? EngineError { return engine }
        // The repository's messages already name the snapshot, object or file; the rest get the context.
        let sorted = error as? RepositoryError ?? (RepositoryError.wrapping(error, context: context, file: file) as? RepositoryError)
        guard let sorted else { return EngineError(.failed, "\(context): \(error)", files: file.map { [$0] } ?? []) }
        let kind: Kind = sorted.kind == .integrity ? .integrity : (sorted.kind == .configuration ? .configuration : .failed)
        return EngineError(kind, sorted.message, files: sorted.files.isEmpty ? (file.map { [$0] } ?? []) : sorted.files)
    }
}

extension SnapshotRepository {
    /// The repository's snapshots; a listing that fails is an engine error naming the repository.
    func engineCatalog() async throws -> RepositoryCatalog {
        do {
            return try await catalog()
        } catch {
            throw EngineError.wrapping(error, context: "Listing snapshots in \(displayName)")
        }
    }
}
