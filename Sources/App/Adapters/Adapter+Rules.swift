import AgentBackupDomain
import AgentBackupRedaction
import AgentBackupPorts

extension Adapter {
    /// The compiled include / exclude / secretExclude / sqlite rules the engine walks with.
    /// Throws `DomainError(.invalidPattern)` naming the pattern (adapter files are checked
    /// earlier, with the pattern's position).
    public func pathRules() throws -> PathRules {
        try PathRules(include: include, exclude: exclude, secretExclude: secretExclude, sqlite: sqlite)
    }

    /// The redactor for this adapter's `redact` rules, nil when it has none.
    public func redactor() throws -> Redactor? {
        redact.isEmpty ? nil : try Redactor(rules: redact)
    }

    /// The rewriter of this adapter's `pathFiles` (what `restore --map` rewrites), nil when it
    /// has none.
    public func pathRewriter() throws -> PathRewriter? {
        pathFiles.isEmpty ? nil : try PathRewriter(rules: pathFiles)
    }
}
