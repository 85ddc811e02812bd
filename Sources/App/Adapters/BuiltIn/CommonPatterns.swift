/// Patterns several built-in adapters share.
public enum CommonPatterns {
    /// SQLite sidecars (a copy of `-wal`/`-shm`/`-journal` next to a snapshot would corrupt a
    /// restore), macOS folder metadata, lock and temporary files: never worth backing up.
    public static let sidecars = [
        #"-wal$"#,
        #"-shm$"#,
        #"-journal$"#,
        #"(^|/)\.DS_Store$"#,
        #"\.lock$"#,
        #"\.tmp$"#,
    ]

    /// Key names that hold credentials in agents' settings files, for `RedactionRule.keys`:
    /// `apiKey`, `OPENAI_API_KEY`, `api-key`, `GITHUB_TOKEN`, `botToken`, `client_secret`,
    /// `password`, `Authorization`… but not `apiKeyHelper` (a script path), `max_tokens` or
    /// `tokenizer`.
    public static let secretKeyNames = secretKeyNames(plus: [])

    /// `secretKeyNames`, plus whole key names (`env`, `headers`) whose every value is redacted.
    public static func secretKeyNames(plus names: [String]) -> String {
        let exact = names.isEmpty ? "" : "^(" + names.joined(separator: "|") + ")$|"
        return "(?i)" + exact + #"api[_-]?key(?![_-]?helper)|token(?![a-z])|secret|passw(or)?d|credential|authorization|bearer|private[_-]?key"#
    }
}
