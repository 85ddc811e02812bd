import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Goose (block/goose): `config`, `data` and `state` folders under `$GOOSE_PATH_ROOT`, or the
    /// XDG folders (`~/.config/goose`, `~/.local/share/goose`, `~/.local/state/goose`) on Linux and
    /// macOS alike. Labels match the reference goose-b2-backup package, so its buckets restore.
    /// Keys in extension `envs` of `config.yaml` are redacted.
    ///
    /// How Goose finds sessions again (block/goose `crates/goose-cli/src/session/builder.rs`,
    /// `project_tracker.rs`, `crates/goose/src/session/session_manager.rs`): `goose session
    /// list` shows every row of `data/sessions/sessions.db` and `--resume` takes the newest,
    /// then offers to change into its `working_dir` (an error when that folder does not exist);
    /// `goose project` reads `data/projects.json`, whose `projects` are keyed by absolute path
    /// and hold that `path` and the `last_session_id`. Older versions kept each session as
    /// `data/sessions/<id>.jsonl`, its first line holding `working_dir` (imported into a new
    /// `sessions.db`). `restore --map` rewrites those keys and values and paths in `config.yaml`
    /// (extension commands). No file name holds a path. The `working_dir` column of
    /// `sessions.db` is not rewritten (a database is restored byte for byte, as its snapshot
    /// says): every session is still listed and resumed, and Goose asks before changing into
    /// the old folder.
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
        ],
        pathFiles: [
            PathFileRule(path: #"^data/projects\.json$"#, format: .json, keys: "^projects$"),
            PathFileRule(path: #"^data/sessions/[^/]+\.jsonl$"#, format: .jsonl),
            PathFileRule(path: #"^config/config\.yaml$"#, format: .yaml),
        ]
    )
}
