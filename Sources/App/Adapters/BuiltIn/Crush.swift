import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Crush (charmbracelet): the global config and data folders, every project data folder listed
    /// in `<data>/projects.json` (labels `proj-<project name>`, sorted by name so they do not follow
    /// Crush's last-used order), and `~/.crush` for user commands. The app-written `crush.json` in
    /// the data folder holds typed-in keys and OAuth tokens and never leaves the machine.
    public static let crush = Adapter(
        id: "crush",
        name: "Crush",
        roots: [
            .directory("config", "${CRUSH_GLOBAL_CONFIG:-${XDG_CONFIG_HOME:-~/.config}/crush}"),
            .directory("data", "${CRUSH_GLOBAL_DATA:-${XDG_DATA_HOME:-~/.local/share}/crush}"),
            .discover(labelPrefix: "proj-", .jsonList(JSONListDiscovery(
                file: "${CRUSH_GLOBAL_DATA:-${XDG_DATA_HOME:-~/.local/share}/crush}/projects.json",
                items: "projects",
                directory: "data_dir",
                name: "path"
            ))),
            .directory("home", "~/.crush"),
        ],
        include: [
            #"^config/(crush\.json|crushrc|\.crushrc)$"#,
            #"^data/projects\.json$"#,
            #"^proj-[^/]+/crush\.(db|json)$"#,
            #"^proj-[^/]+/(commands|skills)/"#,
            #"^home/(commands|skills)/"#,
        ],
        exclude: [
            #"^proj-[^/]+/logs/"#,
            #"^data/providers\.json$"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^proj-[^/]+/crush\.db$"#,
        ],
        secretExclude: [
            #"^data/crush\.json$"#,
        ],
        noRootsHint: "Crush keeps one crush.db per project; run Crush once (it writes ~/.local/share/crush/projects.json) or list project data dirs explicitly.",
        redact: [
            RedactionRule(path: #"^(config|proj-[^/]+)/crush\.json$"#, keys: #"^(api_key|headers|env|oauth_token)$"#, format: .json),
        ]
    )
}
