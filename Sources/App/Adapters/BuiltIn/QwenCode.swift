import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Qwen Code (a Gemini CLI fork): `~/.qwen` (or `$QWEN_HOME`) and `$QWEN_RUNTIME_DIR` when it
    /// is elsewhere. Provider keys and MCP secrets in `settings.json` are redacted.
    public static let qwenCode = Adapter(
        id: "qwen-code",
        name: "Qwen Code",
        roots: [
            .directory("home", "${QWEN_HOME:-~/.qwen}"),
            .directory("runtime", "$QWEN_RUNTIME_DIR", unlessInside: ["home"]),
        ],
        include: [
            #"^(home|runtime)/"#,
        ],
        exclude: [
            #"^(home|runtime)/(bin|tmp/bin|debug|ide|arena|history)/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [],
        secretExclude: [
            #"^home/oauth_creds\.json$"#,
            #"^home/mcp-oauth-tokens[^/]*\.json$"#,
            #"^home/\.env$"#,
        ],
        noRootsHint: "Qwen Code keeps its state in ~/.qwen (or $QWEN_HOME): run `qwen` once, or set QWEN_HOME.",
        redact: [
            RedactionRule(path: #"^home/settings\.json$"#, keys: #"^(env|headers|apiKey|api_key)$"#, format: .json),
        ]
    )
}
