import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain
/// Which agent a command is about: a built-in adapter (`--agent goose`) or an adapter file
/// (`--adapter ./my-agent.json`).
public enum AgentSelection: Sendable, Equatable {
    case builtIn(id: String)
    /// An absolute path (the CLI makes relative paths absolute before anything reads them).
    case adapterFile(path: String)
    /// An adapter given as a value by a Swift program built on the library (`runCli(adapter:)`).
    case adapter(Adapter)
}

/// An agent once its adapter has been found: the id names the config file, the prefix, the
/// cache folder and the service.
public struct ResolvedAgent: Sendable {
    public var id: String
    public var selection: AgentSelection
    /// What the services need to run it (the adapter); opaque to the CLI.
    public var payload: (any Sendable)?

    public init(id: String, selection: AgentSelection, payload: (any Sendable)? = nil) {
        self.id = id
        self.selection = selection
        self.payload = payload
    }
}
