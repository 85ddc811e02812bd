import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Google Gemini CLI: `~/.gemini` (or `$GEMINI_CLI_HOME/.gemini`). OAuth and keychain-fallback
    /// files never leave the machine; MCP server secrets in `settings.json` are redacted.
    ///
    /// How Gemini CLI finds a project's sessions again (google-gemini/gemini-cli
    /// `packages/core/src/config/storage.ts`, `projectRegistry.ts`): in folder C it looks up
    /// `projects[C]` in `~/.gemini/projects.json` for a short slug, checks that
    /// `tmp/<slug>/.project_root` (and `history/<slug>/.project_root`) holds C, else scans every
    /// `tmp/*/.project_root` for C, else makes a new slug; sessions are `tmp/<slug>/chats/*`.
    /// Before slugs it used `tmp/<sha256(C)>` (and still moves such a folder to its slug on
    /// first use). `restore --map` therefore rewrites the `projects.json` keys and the
    /// `.project_root` files, and renames legacy `tmp/<sha256>` folders to the hash of the new
    /// path, which it finds from the paths the snapshot names (`projects.json`,
    /// `trustedFolders.json`, and the files those legacy folders hold, whose tool calls name
    /// files of the project). `projectHash` inside chat records is only recorded, never looked
    /// up, and is left as it is.
    public static let geminiCLI = Adapter(
        id: "gemini-cli",
        name: "Google Gemini CLI",
        roots: [
            .directory("home", "${GEMINI_CLI_HOME:-~}/.gemini"),
        ],
        include: [
            #"^home/"#,
        ],
        exclude: [
            #"^home/(bin|tmp/bin)/"#,
            #"^home/history/"#,
            #"^home/tmp/[^/]+/(logs|otel)/"#,
            #"^home/antigravity[^/]*/"#,
            #"(^|/)node_modules/"#,
        ] + CommonPatterns.sidecars,
        sqlite: [],
        secretExclude: [
            #"^home/oauth_creds\.json$"#,
            #"^home/gemini-credentials\.json$"#,
            #"^home/mcp-oauth-tokens[^/]*\.json$"#,
            #"^home/a2a-oauth-tokens\.json$"#,
            #"^home/\.env$"#,
            #"^home/cli-browser-profile/"#,
        ],
        noRootsHint: "Gemini CLI keeps its state in ~/.gemini (or $GEMINI_CLI_HOME/.gemini): run `gemini` once, or set GEMINI_CLI_HOME.",
        redact: [
            RedactionRule(path: #"^home/settings\.json$"#, keys: #"^(env|headers)$"#, format: .json),
        ],
        pathNames: [
            PathNameRule(folder: "home/tmp", encoding: .sha256),
            PathNameRule(folder: "home/history", encoding: .sha256),
        ],
        pathFiles: [
            PathFileRule(path: #"^home/projects\.json$"#, format: .json, keys: "^projects$", index: true),
            PathFileRule(path: #"^home/trustedFolders\.json$"#, format: .json, keys: "^$", index: true),
            PathFileRule(path: #"^home/tmp/[^/]+/\.project_root$"#, format: .text),
            PathFileRule(path: #"^home/tmp/[0-9a-f]{64}/.+\.jsonl?$"#, format: .auto, index: true),
            PathFileRule(path: #"^home/tmp/[^/]+/.+\.jsonl?$"#, format: .auto),
            PathFileRule(path: #"^home/settings\.json$"#, format: .json),
        ]
    )
}
