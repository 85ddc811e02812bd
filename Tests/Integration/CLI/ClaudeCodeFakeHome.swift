import AgentBackupTestSupport
import Foundation

/// A Claude Code state tree as the built-in `claude-code` adapter sees it (`~/.claude/` and
/// `~/.claude.json`), with secrets in every place the adapter must keep out of a backup: the
/// OAuth credentials file and `~/.claude/backups/` (secret-excluded), and the API key and MCP
/// `env`/`headers` values inside `~/.claude.json` and `settings.json` (redacted).
enum ClaudeCodeFakeHome {
    static let primaryApiKey = "sk-ant-api03-PRIMARY-KEY-9f1c"
    static let mcpHeaderSecret = "Bearer linear-HEADER-SECRET-a7e2"
    static let mcpEnvSecret = "pg-ENV-SECRET-b3d4"
    static let projectMcpEnvSecret = "project-ENV-SECRET-c5f6"
    static let settingsApiKey = "sk-ant-settings-KEY-d8a9"
    static let settingsMcpToken = "ghp_SETTINGS-TOKEN-e0b1"
    static let settingsMcpHeader = "Bearer settings-HEADER-SECRET-f2c3"

    /// Every value that must never reach the bucket in any form.
    static let redactedValues = [
        primaryApiKey, mcpHeaderSecret, mcpEnvSecret, projectMcpEnvSecret, settingsApiKey, settingsMcpToken, settingsMcpHeader,
    ]

    static let credentials = #"{"claudeAiOauth":{"accessToken":"sk-ant-oat01-CREDENTIALS-ACCESS-1a2b","refreshToken":"sk-ant-ort01-CREDENTIALS-REFRESH-3c4d","expiresAt":1767225600000}}"#
    static let backupOfClaudeJSON = #"{"primaryApiKey":"sk-ant-api03-IN-A-BACKUP-5e6f","numStartups":4}"#

    /// Files the adapter secret-excludes (relative to HOME → contents): not one byte may leave.
    static let secretExcluded: [String: String] = [
        ".claude/.credentials.json": credentials,
        ".claude/backups/.claude.json.backup.1767225600000": backupOfClaudeJSON,
    ]

    static let claudeJSON = """
        {
          "numStartups": 5,
          "primaryApiKey": "\(primaryApiKey)",
          "userID": "user-id-NOT-SECRET-0042",
          "mcpServers": {
            "linear": {"type": "http", "url": "https://mcp.linear.app/mcp", "headers": {"Authorization": "\(mcpHeaderSecret)"}},
            "postgres": {"command": "pg-mcp", "env": {"PGPASSWORD": "\(mcpEnvSecret)"}}
          },
          "projects": {
            "/home/me/proj": {"allowedTools": [], "mcpServers": {"local": {"command": "local-mcp", "env": {"LOCAL_API_KEY": "\(projectMcpEnvSecret)"}}}}
          }
        }

        """

    static let settings = """
        {
          "model": "opus-NOT-SECRET",
          "apiKeyHelper": "~/bin/claude-key-helper.sh",
          "env": {"ANTHROPIC_API_KEY": "\(settingsApiKey)", "DISABLE_TELEMETRY": "1"},
          "mcpServers": {
            "github": {"command": "github-mcp", "env": {"GITHUB_TOKEN": "\(settingsMcpToken)"}, "headers": {"Authorization": "\(settingsMcpHeader)"}}
          }
        }

        """

    static let session = #"{"type":"user","message":{"role":"user","content":"session line NOT-SECRET-7777"}}"# + "\n"
        + #"{"type":"assistant","message":{"role":"assistant","content":"reply NOT-SECRET-7778"}}"# + "\n"

    /// Files backed up as they are (relative to HOME → contents).
    static let plain: [String: String] = [
        ".claude/CLAUDE.md": "# my rules NOT-SECRET-8888\n",
        ".claude/projects/-home-me-proj/3f2a0c1e.jsonl": session,
        ".claude/todos/3f2a0c1e-agent.json": #"[{"content":"write tests NOT-SECRET-9999","status":"pending"}]"#,
    ]

    /// Strings of the non-secret content that must be found in the bucket: without them a
    /// search for secrets that finds nothing would prove nothing.
    static let nonSecretMarkers = [
        "session line NOT-SECRET-7777", "# my rules NOT-SECRET-8888", "write tests NOT-SECRET-9999",
        "user-id-NOT-SECRET-0042", "opus-NOT-SECRET", "~/bin/claude-key-helper.sh", "https://mcp.linear.app/mcp",
    ]

    /// Writes the whole tree (secrets included) into `home`.
    static func write(into home: String) throws {
        var files = plain.merging(secretExcluded) { a, _ in a }
        files[".claude.json"] = claudeJSON
        files[".claude/settings.json"] = settings
        for (relative, text) in files {
            let path = home + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}
