import ArgumentParser

/// `--agent ID | --adapter FILE`, shared by every command that works on one agent.
public struct AgentOptions: ParsableArguments, Sendable {
    @OptionGroup public var choice: AgentChoice

    public init() {}

    /// The built-in adapter id, when given.
    public var agent: String? { choice.agent }
    /// The adapter file, when given.
    public var adapter: String? { choice.adapter }
    /// `-v`: debug logs.
    public var verbose: Bool { choice.verbose }

    public func validate() throws {
        try Self.check(agent: agent, adapter: adapter, required: true)
    }

    /// The checks of `--agent`/`--adapter`; `required` false where the agent is optional.
    static func check(agent: String?, adapter: String?, required: Bool) throws {
        switch (agent, adapter) {
        case (nil, nil) where required:
            throw ValidationError("say which agent: --agent ID (a built-in adapter, see `agent-backup agents`) or --adapter FILE")
        case (_?, _?):
            throw ValidationError("give either --agent or --adapter, not both")
        case (let id?, nil) where id.isEmpty || id.contains("/"):
            throw ValidationError("--agent \"\(id)\" is not an adapter id: use a name such as goose (see `agent-backup agents`), or --adapter FILE for a file")
        case (nil, let file?) where file.isEmpty:
            throw ValidationError("--adapter needs a file path")
        default:
            break
        }
    }

    /// The selection, with a relative adapter path made absolute.
    func selection(in context: CliContext) -> AgentSelection {
        choice.selection(in: context)!
    }
}

/// `--agent ID | --adapter FILE` where naming no agent is allowed (`doctor` examines every agent
/// found; `install --hook` names the agent itself).
public struct AgentChoice: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("A built-in adapter id (see `agent-backup agents`).", valueName: "id"))
    public var agent: String?

    @Option(name: .long, help: ArgumentHelp("An adapter file (JSON) describing another agent.", valueName: "file"))
    public var adapter: String?

    @Flag(name: [.short, .long], help: "Log debug details on stderr.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        try AgentOptions.check(agent: agent, adapter: adapter, required: false)
    }

    /// The selection (a relative adapter path made absolute), or nil when none was given.
    func selection(in context: CliContext) -> AgentSelection? {
        if let agent { return .builtIn(id: agent) }
        return adapter.map { .adapterFile(path: context.absolutePath($0)) }
    }
}

/// `--json`: one JSON document on stdout instead of the text summary.
public struct OutputOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print one JSON document on stdout (logs stay on stderr).")
    public var json = false

    public init() {}
}
