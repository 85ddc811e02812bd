/// A JSON value as `JSONParser` reads it: object members in source order (so duplicates can be
/// refused or the last one taken, as the format at hand wants), numbers as their source text
/// (`8192`, `8192.0` and `1e3` stay apart). The one JSON value type of the code base; the writer
/// (`JSONWriter`) takes the same type.
public indirect enum JSONValue: Sendable, Equatable {
    case object([JSONMember])
    case array([JSONNode])
    case string(String)
    /// The number as written (`1e3` stays `1e3`).
    case number(String)
    case bool(Bool)
    case null

    /// What kind of value this is, for "expected a string, found a number".
    public var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// How the value reads in an error message: strings quoted, containers abbreviated.
    public var rendered: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let text): return text
        case .string(let s): return "\"\(s)\""
        case .array(let items): return "[" + items.map(\.value.rendered).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\"\($0.key)\": …" }.joined(separator: ", ") + "}"
        }
    }

    /// An object's members by key, the LAST of duplicates winning (as JavaScript's `JSON.parse`
    /// does); nil for anything but an object.
    public var membersByKey: [String: JSONNode]? {  // not a path key: JSON member names
        guard case .object(let members) = self else { return nil }
        var result: [String: JSONNode] = [:]  // not a path key: JSON member names
        for member in members { result[member.key] = member.value }
        return result
    }
}

/// A value and the bytes it spans in the source (for strings, the quotes included); values made
/// in code for writing have an empty range.
public struct JSONNode: Sendable, Equatable {
    public var value: JSONValue
    public var range: Range<Int>

    public init(value: JSONValue, range: Range<Int> = 0..<0) {
        self.value = value
        self.range = range
    }

    /// Compares the values only (where they came from does not matter).
    public static func == (lhs: JSONNode, rhs: JSONNode) -> Bool { lhs.value == rhs.value }
}

/// One `"key": value` member of an object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    /// The key's bytes in the source, quotes included.
    public var keyRange: Range<Int>
    public var value: JSONNode

    public init(key: String, keyRange: Range<Int> = 0..<0, value: JSONNode) {
        self.key = key
        self.keyRange = keyRange
        self.value = value
    }

    /// Compares keys by their bytes and values (not where they came from).
    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
    }
}

/// Why some bytes are not JSON, and at which byte.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// 1-based line and column of `offset` in `bytes`, for messages a user can follow in an editor.
    public func lineAndColumn(in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Columns count characters, not bytes: skip UTF-8 continuation bytes.
        let column = bytes[lineStart..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return (line, column)
    }
}
