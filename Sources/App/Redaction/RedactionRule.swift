/// Which values of which files are replaced by a placeholder in the uploaded copy.
///
/// Some files mix credentials with settings the user wants back (`~/.claude.json` holds an API
/// key next to project history): excluding the file loses the settings, including it uploads
/// the key. A rule names such files and the keys whose values never leave the machine.
public struct RedactionRule: Sendable, Equatable, Codable {
    /// Regular expression searched in the virtual path (`claudejson/.claude.json`).
    public var path: String
    /// Regular expression searched in each key NAME on the way to a value: a value is redacted
    /// when its own key or any enclosing key matches, so `^env$` redacts every value inside an
    /// `env` object and `apiKey` redacts `models[0].apiKey`.
    public var keys: String
    /// How the file is read; `auto` decides from the file name.
    public var format: RedactionFormat

    /// A rule; `format` defaults to `auto`.
    public init(path: String, keys: String, format: RedactionFormat = .auto) {
        self.path = path
        self.keys = keys
        self.format = format
    }

    private enum CodingKeys: String, CodingKey { case path, keys, format }

    /// Decodes `{"path", "keys", "format"?}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        keys = try container.decode(String.self, forKey: .keys)
        format = try container.decodeIfPresent(RedactionFormat.self, forKey: .format) ?? .auto
    }
}
