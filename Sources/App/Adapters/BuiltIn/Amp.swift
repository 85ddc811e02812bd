import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Amp (Sourcegraph): `~/.config/amp` and `~/.local/share/amp` (XDG variables honoured on
    /// Linux). `secrets.json` never leaves the machine; MCP secrets in `settings.json(c)` are
    /// redacted.
    public static let amp = Adapter(
        id: "amp",
        name: "Amp",
        roots: [
            .directory("config", .byPlatform(linux: ["${XDG_CONFIG_HOME:-~/.config}/amp"], macOS: ["~/.config/amp"])),
            .directory("data", .byPlatform(linux: ["${XDG_DATA_HOME:-~/.local/share}/amp"], macOS: ["~/.local/share/amp"])),
        ],
        include: [
            #"^config/"#,
            #"^data/threads/"#,
            #"^data/history\.jsonl$"#,
            #"^data/session\.json$"#,
        ],
        exclude: [
            #"^data/(logs|cache)/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [],
        secretExclude: [
            #"^data/secrets\.json$"#,
        ],
        noRootsHint: "Amp keeps its state in ~/.config/amp and ~/.local/share/amp: run `amp` once.",
        redact: [
            RedactionRule(path: #"^config/settings\.jsonc?$"#, keys: #"^(env|headers)$"#, format: .json),
        ]
    )
}
