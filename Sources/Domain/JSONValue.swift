/// A parsed JSON document that keeps what a manifest check needs and generic parsers lose:
/// object members in their original order (so duplicate keys can be refused), and numbers as
/// their source text (so `8192`, `8192.0` and `1e3` can be told apart).
enum JSONValue {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A short name of the kind of value, for error messages.
    var kindName: String {
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

/// One `"key": value` pair of a JSON object.
struct JSONMember {
    let key: String
    let value: JSONValue
}
