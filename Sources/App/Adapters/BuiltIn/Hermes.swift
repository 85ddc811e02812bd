import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Hermes Agent (NousResearch): `~/.hermes` (or `$HERMES_HOME`; `$HERMES_DATA_DIR_SUFFIX`
    /// appended to the default), `~/.honcho` and `~/.hindsight`, with the labels of the reference
    /// hermes-b2-backup package. Unlike that package, `.env` and `auth.json` (credentials) never
    /// leave the machine.
    public static let hermes = Adapter(
        id: "hermes",
        name: "Hermes Agent",
        roots: [
            .directory("home", "${HERMES_HOME:-~/.hermes${HERMES_DATA_DIR_SUFFIX:-}}"),
            .directory("honcho", "~/.honcho"),
            .directory("hindsight", "~/.hindsight"),
        ],
        include: [
            #"^home/"#,
            #"^honcho/"#,
            #"^hindsight/"#,
        ],
        exclude: [
            #"^home/(?:profiles/[^/]+/)?(?:hermes-agent|node|cache|image_cache|logs|backups|state-snapshots|checkpoints)/"#,
            #"(^|/)node_modules/"#,
            #"(^|/)\.?venv/"#,
            #"(^|/)site-packages/"#,
            #"(^|/)\.cache/"#,
            #"(^|/)__pycache__/"#,
            #"(^|/)\.(pytest|mypy|ruff)_cache/"#,
            #"\.pid$"#,
            #"(^|/)gateway\.lock$"#,
            #"(^|/)processes\.json$"#,
            #"(^|/)gateway_state\.json$"#,
            #"-wal$"#,
            #"-shm$"#,
            #"-journal$"#,
            #"(^|/)\.DS_Store$"#,
        ],
        sqlite: [
            #"(^|/)state\.db$"#,
        ],
        secretExclude: [
            #"^home/(?:profiles/[^/]+/)?\.env$"#,
            #"^home/(?:profiles/[^/]+/)?auth\.json$"#,
        ],
        noRootsHint: "Hermes keeps its state in ~/.hermes (or $HERMES_HOME): run `hermes` once, or set HERMES_HOME."
    )
}
