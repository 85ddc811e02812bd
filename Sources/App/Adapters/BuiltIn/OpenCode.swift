import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// OpenCode: XDG `data`, `config` and `state` folders (also on macOS), plus the database named
    /// by `$OPENCODE_DB` when it lies outside the data folder. Provider keys and MCP secrets written
    /// inline in `opencode.json(c)` are redacted.
    public static let opencode = Adapter(
        id: "opencode",
        name: "OpenCode",
        roots: [
            .directory("data", "${XDG_DATA_HOME:-~/.local/share}/opencode"),
            .directory("config", "${XDG_CONFIG_HOME:-~/.config}/opencode"),
            .directory("state", "${XDG_STATE_HOME:-~/.local/state}/opencode"),
            .file("db", "$OPENCODE_DB", unlessInside: ["data"]),
        ],
        include: [
            #"^data/opencode(-[A-Za-z0-9._-]+)?\.db$"#,
            #"^data/(storage|project)/"#,
            #"^config/"#,
            #"^state/"#,
            #"^db/"#,
        ],
        exclude: [
            #"^data/(log|snapshot|bin|tool-output|cache)/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^data/opencode(-[A-Za-z0-9._-]+)?\.db$"#,
            #"^db/"#,
        ],
        secretExclude: [
            #"^data/auth\.json$"#,
            #"^data/mcp-auth\.json$"#,
        ],
        noRootsHint: "OpenCode keeps its state in ~/.local/share/opencode and ~/.config/opencode (XDG_DATA_HOME / XDG_CONFIG_HOME): run `opencode` once.",
        redact: [
            RedactionRule(path: #"^config/opencode\.jsonc?$"#, keys: #"^(apiKey|headers|environment)$"#, format: .json),
        ]
    )
}
