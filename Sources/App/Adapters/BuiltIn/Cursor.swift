import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    /// Cursor: `~/.cursor` (cursor-agent chats, IDE agent transcripts, rules, MCP config) and the
    /// editor's `User` folder (`~/.config/Cursor/User` on Linux, `~/Library/Application
    /// Support/Cursor/User` on macOS) for settings and chat databases. Note that
    /// `globalStorage/state.vscdb` also holds the IDE's auth tokens (rows are not yet redacted:
    /// keep encryption on).
    public static let cursor = Adapter(
        id: "cursor",
        name: "Cursor",
        roots: [
            .directory("cursor", "${CURSOR_CONFIG_DIR:-${CURSOR_DATA_DIR:-~/.cursor}}"),
            .directory("ide", .byPlatform(
                linux: ["${XDG_CONFIG_HOME:-~/.config}/Cursor/User"],
                macOS: ["~/Library/Application Support/Cursor/User"]
            )),
        ],
        include: [
            #"^cursor/chats/"#,
            #"^cursor/projects/[^/]+/agent-transcripts/"#,
            #"^cursor/(mcp|cli-config|argv)\.json$"#,
            #"^cursor/(rules|commands|agents|skills)/"#,
            #"^ide/(settings|keybindings)\.json$"#,
            #"^ide/snippets/"#,
            #"^ide/globalStorage/state\.vscdb$"#,
            #"^ide/workspaceStorage/[^/]+/(state\.vscdb|workspace\.json)$"#,
        ],
        exclude: [
            #"^cursor/(extensions|worktrees|plugins/cache)/"#,
            #"^ide/(History|logs|CachedData|CachedExtensionVSIXs|Cache|GPUCache)/"#,
            #"\.vscdb\.backup$"#,
        ] + CommonPatterns.sidecars,
        sqlite: [
            #"^cursor/chats/.+/store\.db$"#,
            #"^ide/(globalStorage|workspaceStorage/[^/]+)/state\.vscdb$"#,
        ],
        secretExclude: [
            #"^cursor/auth\.json$"#,
        ],
        noRootsHint: "Cursor keeps its state in ~/.cursor and the editor's User folder (~/.config/Cursor/User, or ~/Library/Application Support/Cursor/User on macOS): open Cursor once.",
        redact: [
            RedactionRule(path: #"^cursor/mcp\.json$"#, keys: #"^(env|headers)$"#, format: .json),
            RedactionRule(path: #"^cursor/cli-config\.json$"#, keys: #"^authInfo$"#, format: .json),
        ]
    )
}
