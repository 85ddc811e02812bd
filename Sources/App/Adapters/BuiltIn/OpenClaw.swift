import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// OpenClaw (formerly Clawdbot/Moltbot): the state folder (`$OPENCLAW_STATE_DIR`,
    /// `~/.openclaw`, or a legacy `~/.clawdbot` / `~/.moldbot` / `~/.moltbot`), the config file
    /// when `$OPENCLAW_CONFIG_PATH` puts it elsewhere, and agent workspaces configured outside the
    /// state folder (read from `openclaw.json`; labels `ws-<agent id>`). Credentials never leave
    /// the machine; inline bot tokens and keys in `openclaw.json` are redacted.
    public static let openclaw = Adapter(
        id: "openclaw",
        name: "OpenClaw",
        roots: [
            .directory("state", [Self.openclawStateDirectory, "~/.clawdbot", "~/.moldbot", "~/.moltbot"]),
            .file("config", "${OPENCLAW_CONFIG_PATH:-$CLAWDBOT_CONFIG_PATH}", unlessInside: ["state"]),
            .discover(labelPrefix: "ws-", .jsonList(JSONListDiscovery(
                file: Self.openclawConfigFile, items: "agents.list", directory: "workspace", name: "id", ignoreInvalid: true
            )), unlessInside: ["state"]),
            .discover(labelPrefix: "ws-", .jsonList(JSONListDiscovery(
                file: Self.openclawConfigFile, items: "agents.defaults", directory: "workspace", ignoreInvalid: true
            )), unlessInside: ["state"]),
        ],
        include: [
            #"^state/"#,
            #"^config/"#,
            #"^ws-[^/]+/"#,
        ],
        exclude: [
            #"^state/(logs|log|cache|caches|tmp|temp|backups)/"#,
            #"(^|/)node_modules/"#,
            #"\.pid$"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^state/.+\.sqlite$"#,
        ],
        secretExclude: [
            #"^state/credentials/"#,
            #"^state/secrets\.json$"#,
            #"^state/agents/[^/]+/agent/auth(-profiles)?\.json$"#,
            #"^state/\.env$"#,
        ],
        noRootsHint: "OpenClaw keeps its state in ~/.openclaw (or $OPENCLAW_STATE_DIR): run `openclaw` once, or set OPENCLAW_STATE_DIR.",
        redact: [
            RedactionRule(path: #"^(state/openclaw\.json|config/[^/]+)$"#, keys: CommonPatterns.secretKeyNames(plus: ["env", "headers"]), format: .json),
        ]
    )

    /// The state folder as OpenClaw resolves it before its legacy fallbacks.
    static let openclawStateDirectory = "${OPENCLAW_STATE_DIR:-${CLAWDBOT_STATE_DIR:-${OPENCLAW_HOME:-~}/.openclaw}}"

    /// `openclaw.json`, wherever the environment puts it.
    static let openclawConfigFile: PathCandidates = [
        "${OPENCLAW_CONFIG_PATH:-${CLAWDBOT_CONFIG_PATH:-" + openclawStateDirectory + "/openclaw.json}}",
    ]
}
