import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// GitHub Copilot CLI: `~/.copilot` (or `$COPILOT_HOME`). `config.json` can hold plaintext
    /// tokens on machines without a keychain and never leaves the machine (trusted folders and
    /// installed plugins must be set again after a restore); MCP secrets in `mcp-config.json` are
    /// redacted.
    public static let copilotCLI = Adapter(
        id: "copilot-cli",
        name: "GitHub Copilot CLI",
        roots: [
            .directory("home", "${COPILOT_HOME:-~/.copilot}"),
        ],
        include: [
            #"^home/"#,
        ],
        exclude: [
            #"^home/(logs|ide|installed-plugins|pkg|cache)/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^home/session-store\.db$"#,
        ],
        secretExclude: [
            #"^home/mcp-oauth-config/"#,
            #"^home/config\.json$"#,
        ],
        noRootsHint: "Copilot CLI keeps its state in ~/.copilot (or $COPILOT_HOME): run `copilot` once, or set COPILOT_HOME.",
        redact: [
            RedactionRule(path: #"^home/mcp-config\.json$"#, keys: #"^(env|headers)$"#, format: .json),
        ]
    )
}
