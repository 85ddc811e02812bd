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
    public var selection: AgentSelection
    /// The adapter the services run.
    public var adapter: Adapter
    public var id: String { adapter.id }

    public init(selection: AgentSelection, adapter: Adapter) {
        self.selection = selection
        self.adapter = adapter
    }
}
