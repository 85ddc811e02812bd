/// A JSON document as the config loader sees it. Numbers keep their source text so the loader can
/// tell `10` from `10.5` and name the exact value a user wrote in an error.
enum StrictJSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written in the file, e.g. `10`, `-1`, `2.5e3`.
    case number(String)
    case string(String)
    case array([StrictJSONValue])
    /// Members in file order; a repeated key keeps the last value, as JavaScript's `JSON.parse` does.
    case object([String: StrictJSONValue], order: [String])

    /// How the value reads in an error message: strings quoted, other values as JSON.
    var rendered: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let text): return text
        case .string(let s): return "\"\(s)\""
        case .array(let items): return "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(_, let order): return "{" + order.map { "\"\($0)\": …" }.joined(separator: ", ") + "}"
        }
    }

    /// The JSON type's name for "expected … but found …" messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
