import AgentBackupPorts

extension RepositoryError {
    /// An object of a packed repository that does not verify or does not parse (tag, hash,
    /// structure, limits): an integrity error naming it.
    static func damagedObject(_ object: String, _ why: String) -> RepositoryError {
        RepositoryError(.integrity,
            "\(object) is damaged or was not written by agent-backup: \(why). `agent-backup verify` shows what else is affected.",
            files: [object])
    }
}
