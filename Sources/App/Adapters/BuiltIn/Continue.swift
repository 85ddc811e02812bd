import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Continue (VS Code / JetBrains extension and the `cn` CLI): `~/.continue` (or
    /// `$CONTINUE_GLOBAL_DIR`, relative to the working folder when relative). Indexes, telemetry
    /// and logs are skipped; `.env` and the CLI's `auth.json` never leave the machine; API keys
    /// written inline in `config.yaml` / `config.json` are redacted.
    public static let continueDev = Adapter(
        id: "continue",
        name: "Continue",
        roots: [
            .directory("home", "${CONTINUE_GLOBAL_DIR:-~/.continue}"),
        ],
        include: [
            #"^home/sessions/[^/]+\.json$"#,
            #"^home/config\.(yaml|json|ts)$"#,
            #"^home/\.continuerc\.json$"#,
            #"^home/(prompts|rules|agents|assistants|mcpServers|models|docs)/"#,
        ],
        exclude: [
            #"^home/(index|dev_data|logs|\.utils|types|out|browser|terminal-jobs)/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [],
        secretExclude: [
            #"^home/\.env$"#,
            #"^home/auth\.json$"#,
        ],
        noRootsHint: "Continue keeps its state in ~/.continue (or $CONTINUE_GLOBAL_DIR): open Continue once, or set CONTINUE_GLOBAL_DIR.",
        redact: [
            RedactionRule(path: #"^home/(config\.(yaml|json)|\.continuerc\.json)$"#, keys: #"^(apiKey|headers|env)$"#),
        ]
    )
}
