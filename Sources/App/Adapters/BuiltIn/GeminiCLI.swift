import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Google Gemini CLI: `~/.gemini` (or `$GEMINI_CLI_HOME/.gemini`). OAuth and keychain-fallback
    /// files never leave the machine; MCP server secrets in `settings.json` are redacted.
    public static let geminiCLI = Adapter(
        id: "gemini-cli",
        name: "Google Gemini CLI",
        roots: [
            .directory("home", "${GEMINI_CLI_HOME:-~}/.gemini"),
        ],
        include: [
            #"^home/"#,
        ],
        exclude: [
            #"^home/(bin|tmp/bin)/"#,
            #"^home/history/"#,
            #"^home/tmp/[^/]+/(logs|otel)/"#,
            #"^home/antigravity[^/]*/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [],
        secretExclude: [
            #"^home/oauth_creds\.json$"#,
            #"^home/gemini-credentials\.json$"#,
            #"^home/mcp-oauth-tokens[^/]*\.json$"#,
            #"^home/a2a-oauth-tokens\.json$"#,
            #"^home/\.env$"#,
            #"^home/cli-browser-profile/"#,
        ],
        noRootsHint: "Gemini CLI keeps its state in ~/.gemini (or $GEMINI_CLI_HOME/.gemini): run `gemini` once, or set GEMINI_CLI_HOME.",
        redact: [
            RedactionRule(path: #"^home/settings\.json$"#, keys: #"^(env|headers)$"#, format: .json),
        ]
    )
}
