import ArgumentParser

/// `--agent ID | --adapter FILE`, shared by every command that works on one agent.
public struct AgentOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: ArgumentHelp("A built-in adapter id (see `agent-backup agents`).", valueName: "id"))
    public var agent: String?

    @Option(name: .long, help: ArgumentHelp("An adapter file (JSON) describing another agent.", valueName: "file"))
    public var adapter: String?

    @Flag(name: [.short, .long], help: "Log debug details on stderr.")
    public var verbose = false

    public init() {}

    public func validate() throws {
        try Self.check(agent: agent, adapter: adapter, required: true)
    }

    /// The checks shared with commands where the agent is optional (`install --hook`).
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
        if let agent { return .builtIn(id: agent) }
        return .adapterFile(path: context.absolutePath(adapter!))
    }
}

/// `--json`: one JSON document on stdout instead of the text summary.
public struct OutputOptions: ParsableArguments, Sendable {
    @Flag(name: .long, help: "Print one JSON document on stdout (logs stay on stderr).")
    public var json = false

    public init() {}
}
