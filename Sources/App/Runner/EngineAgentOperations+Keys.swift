import AgentBackupEngine
import AgentBackupPorts

extension EngineAgentOperations {
    public func keys(_ request: KeyRequest) async throws -> OperationReport {
        guard let keyrings else {
            throw EngineError(.configuration, "key commands are not available in this build")
        }
        let start = meter?.snapshot
        let keys = PassphraseKeys(keyrings: keyrings)
        switch request {
        case .list:
            let listing = try await keys.list()
            return try report(SummaryText.keys(listing), listing, since: start)
        case .add(let passphrase):
            try refuseConfigured(passphrase)
            let summary = try await keys.add(passphrase: passphrase)
            return try report(SummaryText.keyChange(summary), summary, since: start)
        case .remove(let id):
            let summary = try await keys.remove(id: id)
            return try report(SummaryText.keyChange(summary), summary, since: start)
        case .change(let passphrase):
            try refuseConfigured(passphrase)
            let summary = try await keys.change(to: passphrase)
            return try report(SummaryText.keyChange(summary), summary, since: start)
        }
    }

    /// A new passphrase equal to the configured one adds nothing (and `change` would delete it).
    private func refuseConfigured(_ passphrase: String) throws {
        if case .on(let configured) = configuration.encryption, configured.value == passphrase {
            throw EngineError(.configuration, "the new passphrase is the one configured now (encryptionKey / B2_ENCRYPTION_KEY): give another")
        }
    }
}
