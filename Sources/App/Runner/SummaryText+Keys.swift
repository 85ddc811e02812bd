import AgentBackupEngine
import AgentBackupPorts

extension SummaryText {
    /// One line per key (short id, created, host, whether this passphrase opens it), then the count.
    public static func keys(_ s: KeyListing) -> String {
        var lines = ["keys of \(s.repository):"]
        for key in s.keys {
            let mark = key.inUse ? "*" : " "
            let made = key.created.map { "\($0)  \(key.host ?? "?")" } ?? "(sealed under another passphrase: created and host unknown)"
            let note = key.inUse ? "  (in use: the configured passphrase)" : (key.opensWithThisPassphrase ? "  (the configured passphrase opens it too)" : "")
            lines.append("\(mark) \(shortID(key.id))  \(made)\(note)")
        }
        lines.append("\(s.keys.count) key(s); `key remove ID` takes an id or a unique beginning of it")
        return lines.joined(separator: "\n")
    }

    public static func keyChange(_ s: KeyChangeSummary) -> String {
        var lines: [String] = []
        if let added = s.added { lines.append("added key \(shortID(added.id)) (written, read back and opened with the new passphrase)") }
        for id in s.removed { lines.append("removed key \(shortID(id))") }
        if s.action == .change {
            lines.append("the old passphrase no longer opens \(s.repository): set encryptionKey / B2_ENCRYPTION_KEY to the new one on every machine")
        }
        lines.append("\(s.keys) key(s) under \(s.repository)")
        return lines.joined(separator: "\n")
    }

    /// The first 12 hex digits, as `key list` prints them.
    static func shortID(_ id: String) -> String { String(id.prefix(12)) }
}
