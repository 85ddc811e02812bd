import AgentBackupDomain

extension RepositoryError {
    /// Wraps an error of a port, keeping its message and saying what was being done: an
    /// envelope that does not open and a refused manifest are integrity errors, the rest failures.
    /// Cancellation passes through untouched. The one place errors are sorted into the three
    /// outcomes (the engine's `EngineError` maps from this).
    public static func wrapping(_ error: any Error, context: String, file: String? = nil) -> any Error {
        if error is RepositoryError || error is CancellationError { return error }
        let files = file.map { [$0] } ?? []
        switch error {
        case let crypto as CryptoError:
            switch crypto.code {
            case .authenticationFailed:
                return RepositoryError(.integrity, "\(context): authentication failed (wrong passphrase, or the object was modified): \(crypto)", files: files)
            case .notEncrypted:
                return RepositoryError(.integrity, "\(context): \(crypto)", files: files)
            case .library, .io:
                return RepositoryError(.failed, "\(context): \(crypto)", files: files)
            }
        case let domain as DomainError:
            return RepositoryError(.integrity, "\(context): \(domain.message)", files: files)
        default:
            return RepositoryError(.failed, "\(context): \(error)", files: files)
        }
    }
}
