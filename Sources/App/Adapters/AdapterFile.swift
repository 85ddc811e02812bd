import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupDomain

/// Adapter files: an agent the built-in catalog does not know, described in JSON
/// (`agent-backup push --adapter my-agent.json`). `agent-backup agents --json` prints every
/// built-in in this format. Every error names the file, the field and the fix.
///
/// ```json
/// {
///   "id": "my-agent",                         // [a-z0-9][a-z0-9-]*, required
///   "name": "My Agent",                       // optional
///   "roots": [                                // required, tried in order, missing ones left out
///     {"label": "home", "dir": ["$MY_AGENT_HOME", "~/.my-agent"]},
///     {"label": "ide", "dir": {"linux": "${XDG_CONFIG_HOME:-~/.config}/X", "macos": "~/Library/Application Support/X"}},
///     {"label": "rc", "file": "~/.my-agentrc", "unlessSet": ["MY_AGENT_HOME"]},
///     {"label": "extra", "dir": "$MY_AGENT_EXTRA", "unlessInside": ["home"]},
///     {"labelPrefix": "proj-", "discover": {"kind": "listFromEnv", "variable": "MY_AGENT_PROJECTS"}},
///     {"labelPrefix": "gs-", "discover": {"kind": "vscodeGlobalStorage", "extensionId": "me.my-agent"}},
///     {"labelPrefix": "p-", "discover": {"kind": "jsonList", "file": "~/.x/projects.json", "items": "projects", "dir": "data_dir", "name": "path"}},
///     {"labelPrefix": "g-", "discover": {"kind": "glob", "pattern": "~/.my-agent-*/state"}}
///   ],
///   "include": ["^home/"],                    // required, regular expressions on <label>/<path>
///   "exclude": [], "sqlite": [], "secretExclude": [],
///   "noRootsHint": "Run my-agent once.",
///   "redact": [{"path": "^home/config\\.json$", "keys": "^apiKey$", "format": "json"}]
/// }
/// ```
/// (The comments above are for the reader; adapter files are strict JSON.) Paths expand `~`,
/// `$VAR`, `${VAR}` and `${VAR:-default}`; a candidate whose variable is unset is skipped.
public enum AdapterFile {
    /// Reads and checks the adapter file at `path`.
    public static func load(path: String, fileSystem: any FileSystem) throws -> Adapter {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path)
        } catch {
            throw AdapterError(.unreadable, file: path, "cannot be read: \(error)")
        }
        return try parse(bytes, source: path)
    }

    /// Checks adapter-file bytes; `source` names them in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> Adapter {
        let document: JSONNode
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw AdapterError(.syntax, file: source, "line \(line), column \(column): \(error.reason) (the file must be JSON)")
        }
        do {
            return try Adapter(json: document.value)
        } catch {
            var located = error
            located.file = source
            throw located
        }
    }
}
