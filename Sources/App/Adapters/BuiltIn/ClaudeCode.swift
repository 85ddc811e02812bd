import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Claude Code (Anthropic's CLI): `~/.claude` (or `$CLAUDE_CONFIG_DIR`), the single file
    /// `~/.claude.json` (which moves inside `CLAUDE_CONFIG_DIR` when that is set), and the folder
    /// `~/.config/claude` that versions 1.0.28–1.0.31 wrote. OAuth credentials and backups never
    /// leave the machine; API keys and MCP server secrets inside `.claude.json` and `settings.json`
    /// are redacted.
    public static let claudeCode = Adapter(
        id: "claude-code",
        name: "Claude Code",
        roots: [
            .directory("home", "${CLAUDE_CONFIG_DIR:-~/.claude}"),
            .file("claudejson", "~/.claude.json", unlessSet: ["CLAUDE_CONFIG_DIR"]),
            .directory("xdg", "${XDG_CONFIG_HOME:-~/.config}/claude", unlessInside: ["home"]),
        ],
        include: [
            #"^home/"#,
            #"^xdg/"#,
            #"^claudejson/\.claude\.json$"#,
        ],
        exclude: [
            #"^claudejson/[^/]+/"#,
            #"^(home|xdg)/(debug|statsig|telemetry|shell-snapshots|session-env|ide|cache|paste-cache|image-cache|downloads|backups|logs)/"#,
            #"^(home|xdg)/plugins/(cache|marketplaces|repos)/"#,
            #"^(home|xdg)/(stats-cache|mcp-needs-auth-cache)\.json$"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^(home|xdg)/__store\.db$"#,
        ],
        secretExclude: [
            #"^(home|xdg)/\.credentials\.json$"#,
            #"^(home|xdg)/backups/"#,
            #"^claudejson/\.claude\.json\.backup"#,
        ],
        noRootsHint: "Claude Code keeps its state in ~/.claude and ~/.claude.json (or in $CLAUDE_CONFIG_DIR when set): run `claude` once, or set CLAUDE_CONFIG_DIR to the folder it uses.",
        redact: [
            RedactionRule(path: #"^(claudejson|home)/\.claude\.json$"#, keys: #"^(primaryApiKey|env|headers)$"#, format: .json),
            RedactionRule(path: #"^(home|xdg)/settings(\.local)?\.json$"#, keys: CommonPatterns.secretKeyNames, format: .json),
        ]
    )
}
