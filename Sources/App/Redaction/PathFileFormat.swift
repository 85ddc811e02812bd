import AgentBackupDomain

/// How a file that holds absolute paths is read when a restore maps paths (`--map`).
public enum PathFileFormat: String, Sendable, Codable, CaseIterable, Equatable {
    /// JSON, also JSONC / the JSON5 subset the redaction reads.
    case json
    /// One JSON document per line (transcripts); read and rewritten line by line, so memory
    /// depends on the longest line, not on the file. A line that is not JSON (a torn last line)
    /// is kept as it is.
    case jsonl
    /// YAML block mappings and sequences, flow values.
    case yaml
    /// TOML, with quoted keys (`[projects."/home/alice/app"]`).
    case toml
    /// The whole file is one path, optionally followed by a line break (Gemini CLI's
    /// `.project_root`).
    case text
    /// From the file name as for redaction (`.json`, `.jsonl`, `.yaml`, `.toml`…).
    case auto

    /// The concrete format of a file, or nil when `auto` cannot tell.
    func resolved(virtualPath: String, contents: [UInt8]) -> PathFileFormat? {
        guard self == .auto else { return self }
        switch RedactionFormat.auto.resolved(virtualPath: virtualPath, contents: contents) {
        case .json: return .json
        case .jsonl: return .jsonl
        case .yaml: return .yaml
        case .toml: return .toml
        case .env, .auto, nil: return nil
        }
    }
}
