/// How a file that a redaction rule names is read, so values can be replaced without
/// disturbing the rest of the file.
public enum RedactionFormat: String, Sendable, Codable, CaseIterable, Equatable {
    /// JSON, also with comments, trailing commas and unquoted keys (JSONC / JSON5 subset).
    case json
    /// One JSON document per line (transcripts, histories).
    case jsonl
    /// YAML block mappings and sequences, plus flow `{…}` / `[…]` values.
    case yaml
    /// TOML tables, arrays of tables, dotted keys and inline tables.
    case toml
    /// `.env` files: `KEY=value`, optionally prefixed with `export`.
    case env
    /// Chosen from the file name (`.json`, `.jsonc`, `.json5`, `.jsonl`, `.ndjson`, `.yaml`,
    /// `.yml`, `.toml`, `.env*`); a file with another name is read as JSON when it starts with
    /// `{` or `[`, and refused otherwise.
    case auto

    /// The concrete format for a file, or nil when `auto` cannot tell.
    func resolved(virtualPath: String, contents: [UInt8]) -> RedactionFormat? {
        guard self == .auto else { return self }
        let name = virtualPath.split(separator: "/").last.map(String.init)?.lowercased() ?? ""
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        if name.hasSuffix(".json") || name.hasSuffix(".jsonc") || name.hasSuffix(".json5") { return .json }
        if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { return .yaml }
        if name.hasSuffix(".toml") { return .toml }
        if name == ".env" || name.hasPrefix(".env.") || name.hasSuffix(".env") { return .env }
        let first = contents.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return .json }
        return nil
    }
}
