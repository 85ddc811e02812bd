import Foundation

/// A small JSON value with its members in the order written, rendered with a given indentation
/// so an entry inserted into a user's settings file looks like the lines around it.
indirect enum HookJSON: Equatable {
    case object([(String, HookJSON)])
    case array([HookJSON])
    case string(String)
    case number(Int)
    case bool(Bool)

    static func == (lhs: HookJSON, rhs: HookJSON) -> Bool {
        lhs.rendered(indent: "", unit: "") == rhs.rendered(indent: "", unit: "")
    }

    /// The value as text; nested lines start with `indent` plus one `unit` per level (the first
    /// line has no indentation: it follows a key or a line's own indentation).
    func rendered(indent: String, unit: String) -> String {
        let newline = unit.isEmpty ? "" : "\n"
        let separator = unit.isEmpty ? ":" : ": "
        switch self {
        case .object(let members):
            if members.isEmpty { return "{}" }
            let inner = indent + unit
            let lines = members.map { key, value in
                inner + Self.quoted(key) + separator + value.rendered(indent: inner, unit: unit)
            }
            return "{" + newline + lines.joined(separator: "," + newline) + newline + indent + "}"
        case .array(let elements):
            if elements.isEmpty { return "[]" }
            let inner = indent + unit
            let lines = elements.map { inner + $0.rendered(indent: inner, unit: unit) }
            return "[" + newline + lines.joined(separator: "," + newline) + newline + indent + "]"
        case .string(let text): return Self.quoted(text)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        }
    }

    /// A JSON string literal (Foundation's escaping, `/` left as is).
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
