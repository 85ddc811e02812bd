import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// OpenAI Codex CLI: `~/.codex` (or `$CODEX_HOME`) plus `$CODEX_SQLITE_HOME` when it points
    /// elsewhere. Its SQLite databases change name with their schema (`state_5.sqlite`), so they are
    /// matched by pattern; the large `logs_*.sqlite` is skipped. Inline provider and MCP secrets in
    /// `config.toml` are redacted.
    ///
    /// How Codex finds sessions again (openai/codex `codex-rs/rollout/src/list.rs`, `recorder.rs`):
    /// `codex resume` lists the rollout files `sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`
    /// (and `archived_sessions/`), reads the `session_meta` line of each and, unless `--all`,
    /// keeps those whose `payload.cwd` is the current folder; `turn_context` lines record `cwd`
    /// too. Those values are rewritten by `restore --map`; no file name holds a path. The SQLite
    /// index `state_*.sqlite` is not rewritten: a filtered listing scans the rollout files first
    /// and repairs the index rows from them (`ScanAndRepair`), and a stale `rollout_path` there
    /// falls back to a file search. `config.toml` keys trust per project as
    /// `[projects."<path>"]`; those keys are rewritten. Compressed rollouts (`.jsonl.zst`) are
    /// restored as they are.
    public static let codex = Adapter(
        id: "codex",
        name: "OpenAI Codex CLI",
        roots: [
            .directory("home", "${CODEX_HOME:-~/.codex}"),
            .directory("sqlite", "$CODEX_SQLITE_HOME", unlessInside: ["home"]),
        ],
        include: [
            #"^home/"#,
            #"^sqlite/[a-z_]+_\d+\.sqlite$"#,
        ],
        exclude: [
            #"^home/(log|logs|tmp|\.tmp|cache|shell_snapshots|packages|worktrees)/"#,
            #"^home/plugins/cache/"#,
            #"^home/skills/\.system/"#,
            #"^(home|sqlite)/logs_\d+\.sqlite$"#,
            #"^home/(models_cache|version)\.json$"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^(home|sqlite)/[a-z_]+_\d+\.sqlite$"#,
        ],
        secretExclude: [
            #"^home/auth\.json$"#,
            #"^home/\.credentials\.json$"#,
            #"^home/secrets/"#,
            #"^home/accounts/"#,
        ],
        noRootsHint: "Codex keeps its state in ~/.codex (or $CODEX_HOME): run `codex` once, or set CODEX_HOME to the folder it uses.",
        redact: [
            RedactionRule(path: #"^home/config\.toml$"#, keys: #"^(env|http_headers|experimental_bearer_token|bearer_token|api_key)$"#, format: .toml),
        ],
        pathFiles: [
            PathFileRule(path: #"^home/config\.toml$"#, format: .toml, keys: "^projects$"),
            PathFileRule(path: #"^home/(sessions|archived_sessions)/.+\.jsonl$"#, format: .jsonl),
        ]
    )
}
