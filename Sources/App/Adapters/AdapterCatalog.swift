/// The agents agent-backup knows without an adapter file.
public enum AdapterCatalog {
    /// Every built-in adapter, sorted by id.
    public static let builtIn: [Adapter] = [
        .aider,
        .amp,
        .claudeCode,
        .cline,
        .codex,
        .continueDev,
        .copilotCLI,
        .crush,
        .cursor,
        .geminiCLI,
        .goose,
        .hermes,
        .kiro,
        .openclaw,
        .opencode,
        .openhands,
        .qwenCode,
    ]

    /// The built-in adapter with this id, nil when there is none.
    public static func adapter(id: String) -> Adapter? {
        builtIn.first { $0.id == id }
    }

    /// The built-in adapter with this id, or an error listing the ids there are.
    public static func require(id: String) throws -> Adapter {
        guard let adapter = adapter(id: id) else {
            throw AdapterError(.unknownAdapter, "no built-in adapter \"\(id)\"; known: \(builtIn.map(\.id).joined(separator: ", ")) (or pass --adapter FILE)")
        }
        return adapter
    }
}
