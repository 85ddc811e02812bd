import AgentBackupPorts

/// Placeholder until the collector lands.
struct GarbageCollector {
    struct Outcome { var deletion: RepositoryDeletion }
    let context: PackedContext
    let now: Double
    let graceSeconds: Double
    func run() async throws -> Outcome { Outcome(deletion: RepositoryDeletion()) }
}
