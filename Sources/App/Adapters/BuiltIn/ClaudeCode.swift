import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Claude Code (Anthropic's CLI): `~/.claude` (or `$CLAUDE_CONFIG_DIR`), the single file
    /// `~/.claude.json` (which moves inside `CLAUDE_CONFIG_DIR` when that is set), and the folder
    /// `~/.config/claude` that versions 1.0.28–1.0.31 wrote. OAuth credentials and backups never
    /// leave the machine; API keys and MCP server secrets inside `.claude.json` and `settings.json`
    /// are redacted.
    ///
    /// How Claude Code finds a project's state again (what `restore --map` keeps true), from its
    /// `cli.js` as several tools that read its files have extracted it:
    /// - `claude --continue` / `--resume` in a folder C list the transcripts
    ///   `~/.claude/projects/<name(C)>/*.jsonl`, where `name(C)` replaces every UTF-16 code unit
    ///   of C outside `[A-Za-z0-9]` with `-` (`/home/alice/my_app` → `-home-alice-my-app`) and,
    ///   past 200 units, keeps 200 and appends `-` and a base-36 hash of C
    ///   (`PathNameEncoding.dashes`). The folders are renamed for the new path; each transcript
    ///   line records `cwd`, rewritten too.
    /// - `~/.claude.json` keys per-project settings (trust, allowed tools, MCP servers, history)
    ///   by absolute path under `projects`; those keys are rewritten, and the file is read first
    ///   (an index) to tell which path an ambiguous or shortened folder name stands for, as is
    ///   `~/.claude/history.jsonl`, whose prompts are filtered by their `project` path.
    /// - `settings.json` may name folders (`permissions.additionalDirectories`).
    public static let claudeCode = Adapter(
        id: "claude-code",
        name: "Claude Code",
        roots: [
            .directory("home", "${CLAUDE_CONFIG_DIR:-~/.claude}"),
            .file("claudejson", "~/.claude.json", unlessSet: ["CLAUDE_CONFIG_DIR"]),
            .directory("xdg", "${XDG_CONFIG_HOME:-~/.config}/claude", unlessInside: ["home"]),
        ],
        include: [
            #"^home/"#,
            #"^xdg/"#,
            #"^claudejson/\.claude\.json$"#,
        ],
        exclude: [
            #"^claudejson/[^/]+/"#,
            #"^(home|xdg)/(debug|statsig|telemetry|shell-snapshots|session-env|ide|cache|paste-cache|image-cache|downloads|backups|logs)/"#,
            #"^(home|xdg)/plugins/(cache|marketplaces|repos)/"#,
            #"^(home|xdg)/(stats-cache|mcp-needs-auth-cache)\.json$"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^(home|xdg)/__store\.db$"#,
        ],
        secretExclude: [
            #"^(home|xdg)/\.credentials\.json$"#,
            #"^(home|xdg)/backups/"#,
            #"^claudejson/\.claude\.json\.backup"#,
        ],
        noRootsHint: "Claude Code keeps its state in ~/.claude and ~/.claude.json (or in $CLAUDE_CONFIG_DIR when set): run `claude` once, or set CLAUDE_CONFIG_DIR to the folder it uses.",
        redact: [
            RedactionRule(path: #"^(claudejson|home)/\.claude\.json$"#, keys: #"^(primaryApiKey|env|headers)$"#, format: .json),
            RedactionRule(path: #"^(home|xdg)/settings(\.local)?\.json$"#, keys: CommonPatterns.secretKeyNames, format: .json),
        ],
        pathNames: [
            PathNameRule(folder: "home/projects", encoding: .dashes),
            PathNameRule(folder: "xdg/projects", encoding: .dashes),
        ],
        pathFiles: [
            PathFileRule(path: #"^(claudejson|home|xdg)/\.claude\.json$"#, format: .json, keys: "^projects$", index: true),
            PathFileRule(path: #"^(home|xdg)/history\.jsonl$"#, format: .jsonl, index: true),
            PathFileRule(path: #"^(home|xdg)/projects/[^/]+/.+\.jsonl$"#, format: .jsonl),
            PathFileRule(path: #"^(home|xdg)/settings(\.local)?\.json$"#, format: .json),
        ]
    )
}
