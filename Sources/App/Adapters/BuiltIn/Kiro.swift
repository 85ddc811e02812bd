import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Kiro (IDE and kiro-cli, formerly Amazon Q Developer CLI): `~/.kiro`, the kiro-cli data folder
    /// (`~/.local/share/kiro-cli`, or `~/Library/Application Support/kiro-cli` on macOS) and the
    /// IDE's `User` folder. `data.sqlite3` also holds auth tokens in `auth_kv` (rows are not yet
    /// redacted: keep encryption on); MCP secrets in `settings/mcp.json` are redacted.
    public static let kiro = Adapter(
        id: "kiro",
        name: "Kiro",
        roots: [
            .directory("kiro", "${KIRO_HOME:-~/.kiro}"),
            .directory("cli", .byPlatform(
                linux: ["${XDG_DATA_HOME:-~/.local/share}/kiro-cli"],
                macOS: ["~/Library/Application Support/kiro-cli"]
            )),
            .directory("ide", .byPlatform(
                linux: ["${XDG_CONFIG_HOME:-~/.config}/Kiro/User"],
                macOS: ["~/Library/Application Support/Kiro/User"]
            )),
        ],
        include: [
            #"^kiro/(settings|steering|agents|prompts|powers|skills|hooks|sessions)/"#,
            #"^cli/data\.sqlite3$"#,
            #"^ide/(settings|keybindings)\.json$"#,
            #"^ide/globalStorage/kiro\.kiroagent/"#,
        ],
        exclude: [
            #"^ide/globalStorage/kiro\.kiroagent/(index|dev_data|logs)/"#,
            #"^cli/(logs|cache)/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^cli/data\.sqlite3$"#,
        ],
        secretExclude: [],
        noRootsHint: "Kiro keeps its state in ~/.kiro, the kiro-cli data folder and the IDE's User folder: run `kiro-cli` or open Kiro once.",
        redact: [
            RedactionRule(path: #"^kiro/settings/mcp\.json$"#, keys: #"^(env|headers)$"#, format: .json),
        ]
    )
}
