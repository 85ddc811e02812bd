import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Cline (VS Code extension and CLI): `~/.cline/data` (sessions database, settings, workspaces),
    /// `~/.cline` (user rules, skills, workflows…), `~/Documents/Cline`, and every editor's
    /// `globalStorage/saoudrizwan.claude-dev` folder, profiles included (labels `gs-<Product>` and
    /// `gs-<Product>__<profile>` as in the reference cline-b2-backup package). Unlike that package,
    /// `providers.json`, `secrets.json` and `connectors.db` (credentials) never leave the machine.
    public static let cline = Adapter(
        id: "cline",
        name: "Cline",
        roots: [
            .directory("cline-data", "${CLINE_DATA_DIR:-${CLINE_DIR:-~/.cline}/data}"),
            .directory("cline-home", "${CLINE_DIR:-~/.cline}"),
            .discover(labelPrefix: "gs-", .vscodeGlobalStorage(extensionID: "saoudrizwan.claude-dev")),
            .directory("docs", "~/Documents/Cline"),
        ],
        include: [
            #"^cline-data/db/(sessions|tasks|cron)\.db$"#,
            #"^cline-data/(sessions|teams|workspaces)/"#,
            #"^cline-data/settings/(global-settings|cline_mcp_settings)\.json$"#,
            #"^cline-data/globalState\.json$"#,
            #"^cline-home/(agents|hooks|skills|rules|workflows|plugins|tasks|cron)/"#,
            #"^gs-[^/]+/state/taskHistory\.json$"#,
            #"^gs-[^/]+/tasks/"#,
            #"^gs-[^/]+/settings/cline_mcp_settings\.json$"#,
            #"^docs/"#,
        ],
        exclude: [
            #"^cline-home/data/"#,
            #"^cline-data/logs/"#,
            #"^cline-data/db/hub-(events|runs)[^/]*\.db$"#,
            #"^gs-[^/]+/checkpoints/"#,
            #"^gs-[^/]+/cache/"#,
            #"_models\.json$"#,
            #"mcp_marketplace_catalog\.json$"#,
            #"(^|/)\.?cache/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^cline-data/db/[^/]+\.db$"#,
            #"^cline-data/teams/[^/]+\.db$"#,
        ],
        secretExclude: [
            #"^cline-data/secrets\.json$"#,
            #"^cline-data/settings/providers\.json$"#,
            #"^cline-data/db/connectors\.db$"#,
            #"^cline-data/connectors/"#,
        ],
        noRootsHint: "Cline keeps its state in ~/.cline (or $CLINE_DIR) and in each editor's globalStorage/saoudrizwan.claude-dev folder: open Cline once, or set CLINE_DIR.",
        redact: [
            RedactionRule(path: #"^cline-data/globalState\.json$"#, keys: CommonPatterns.secretKeyNames, format: .json),
            RedactionRule(path: #"^(cline-data/settings|gs-[^/]+/settings)/cline_mcp_settings\.json$"#, keys: #"^(env|headers)$"#, format: .json),
        ]
    )
}
