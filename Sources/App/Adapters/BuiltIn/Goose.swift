import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Goose (block/goose): `config`, `data` and `state` folders under `$GOOSE_PATH_ROOT`, or the
    /// XDG folders (`~/.config/goose`, `~/.local/share/goose`, `~/.local/state/goose`) on Linux and
    /// macOS alike. Labels match the reference goose-b2-backup package, so its buckets restore.
    /// Keys in extension `envs` of `config.yaml` are redacted.
    public static let goose = Adapter(
        id: "goose",
        name: "Goose",
        roots: [
            .directory("config", ["$GOOSE_PATH_ROOT/config", "${XDG_CONFIG_HOME:-~/.config}/goose"]),
            .directory("data", ["$GOOSE_PATH_ROOT/data", "${XDG_DATA_HOME:-~/.local/share}/goose"]),
            .directory("state", ["$GOOSE_PATH_ROOT/state", "${XDG_STATE_HOME:-~/.local/state}/goose"]),
        ],
        include: [
            #"^data/sessions/sessions\.db$"#,
            #"^data/sessions/[^/]+\.jsonl$"#,
            #"^data/projects\.json$"#,
            #"^config/config\.yaml$"#,
            #"^config/(memory|recipes|skills)/"#,
            #"^state/history\.txt$"#,
            #"^state/logs/"#,
        ],
        exclude: [
            #"^data/(models|model_catalog)/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^data/sessions/sessions\.db$"#,
        ],
        secretExclude: [
            #"^config/secrets\.yaml$"#,
            #"^config/[^/]*oauth[^/]*/"#,
            #"^config/(kimicode|githubcopilot|chatgpt_codex|databricks|claude_sub)/"#,
        ],
        noRootsHint: "Goose keeps its state in ~/.config/goose, ~/.local/share/goose and ~/.local/state/goose (or under $GOOSE_PATH_ROOT): run `goose` once, or set GOOSE_PATH_ROOT.",
        redact: [
            RedactionRule(path: #"^config/config\.yaml$"#, keys: CommonPatterns.secretKeyNames(plus: ["envs", "env", "headers"]), format: .yaml),
        ]
    )
}
