import Foundation

/// One step on the way from a file's top to a value: a key of a mapping, an element of a list,
/// or (JSON Lines) a line.
enum RedactionKeySegment: Hashable, Sendable {
    case key(String)
    case index(Int)
    case line(Int)

    /// Renders a path the way a user would look it up: `mcpServers.github.env.TOKEN`,
    /// `models[0].apiKey`, `projects["/home/me/app"].mcpServers`, `line 3: apiKey`.
    static func render(_ path: [RedactionKeySegment]) -> String {
        var text = ""
        for segment in path {
            switch segment {
            case .line(let number):
                text += "line \(number): "
            case .index(let index):
                text += "[\(index)]"
            case .key(let key):
                let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
                    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-"
                }
                if plain {
                    if !text.isEmpty, !text.hasSuffix(" ") { text += "." }
                    text += key
                } else {
                    text += "[\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
                }
            }
        }
        return text
    }
}

/// A scalar value found by a format scanner: where it sits and what it holds.
struct RedactionLeaf {
    /// What kind of scalar, so only strings are replaced (a port number is not a secret, and
    /// replacing `true` with a string would break the file's types).
    enum Kind {
        case string
        case number
        case bool
        case null
        /// An alias, a date, or anything else that is not a plain string.
        case other
    }

    var path: [RedactionKeySegment]
    /// The bytes of the value as written (quotes included), comments and indentation excluded.
    var range: Range<Int>
    var kind: Kind
    /// The value with quotes and escapes removed (approximately, for YAML and TOML).
    var text: String
}
