import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Aider: no central folder. Every project in `$AIDER_PROJECTS` (labels are the sanitized
    /// folder names, as in the reference aider-b2-backup package), `~/.aider`, and the three Aider
    /// files at the top of the home folder (single-file roots: the home folder itself is not walked). API keys in `.aider.conf.yml` are redacted.
    public static let aider = Adapter(
        id: "aider",
        name: "Aider",
        roots: [
            .discover(labelPrefix: "", .listFromEnvironment(variable: "AIDER_PROJECTS")),
            .directory("aiderdir", "~/.aider"),
            .file("homecfg", "~/.aider.conf.yml"),
            .file("homecfg-model-settings", "~/.aider.model.settings.yml"),
            .file("homecfg-model-metadata", "~/.aider.model.metadata.json"),
        ],
        include: [
            #"(^|/)\.aider\.chat\.history\.md$"#,
            #"(^|/)\.aider\.input\.history$"#,
            #"(^|/)\.aider\.llm\.history$"#,
            #"(^|/)\.aider\.conf\.yml$"#,
            #"(^|/)\.aiderignore$"#,
            #"(^|/)\.aider\.model\.settings\.yml$"#,
            #"(^|/)\.aider\.model\.metadata\.json$"#,
        ],
        exclude: [
            #"(^|/)\.aider\.tags\.cache\.v\d+(/|$)"#,
            #"^homecfg/[^/]+/"#,
            #"^aiderdir/caches/"#,
        ],
        sqlite: [],
        secretExclude: [
            #"(^|/)\.env$"#,
            #"^aiderdir/oauth-keys\.env$"#,
        ],
        noRootsHint: "Set AIDER_PROJECTS to your Aider project directories (comma- or path-delimiter-separated).",
        redact: [
            RedactionRule(path: #"(^|/)\.aider\.conf\.yml$"#, keys: #"(?i)(^|-)api-key$|^set-env$"#, format: .yaml),
        ]
    )
}
