import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// OpenHands (CLI and SDK local mode): `~/.openhands` (or `$OPENHANDS_PERSISTENCE_DIR` /
    /// `$OH_PERSISTENCE_DIR`), `$OPENHANDS_CONVERSATIONS_DIR` when outside it, and the V0 file
    /// store `$FILE_STORE_PATH` (labels of the reference openhands-b2-backup package). LLM keys and
    /// MCP secrets inside its settings and conversation state files are redacted.
    public static let openhands = Adapter(
        id: "openhands",
        name: "OpenHands",
        roots: [
            .directory("home", "${OPENHANDS_PERSISTENCE_DIR:-${OH_PERSISTENCE_DIR:-~/.openhands}}"),
            .directory("conversations", "$OPENHANDS_CONVERSATIONS_DIR", unlessInside: ["home"]),
            .directory("filestore", "$FILE_STORE_PATH"),
        ],
        include: [
            #"^home/"#,
            #"^conversations/"#,
            #"^filestore/"#,
        ],
        exclude: [
            #"^(home|filestore)/\.?cache/"#,
            #"^home/logs?/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"\.(db|sqlite)$"#,
        ],
        secretExclude: [
            #"^(home|filestore)/secrets\.json$"#,
        ],
        noRootsHint: "OpenHands keeps its state in ~/.openhands (or $OPENHANDS_PERSISTENCE_DIR / $OH_PERSISTENCE_DIR): run `openhands` once, or set one of them.",
        redact: [
            RedactionRule(
                path: #"^(home|filestore)/(agent_settings|settings|mcp)\.json$|^(home|conversations|filestore)/(.+/)?base_state\.json$"#,
                keys: CommonPatterns.secretKeyNames(plus: ["env", "headers", "llm_api_key", "api_key"]),
                format: .json
            ),
        ]
    )
}
