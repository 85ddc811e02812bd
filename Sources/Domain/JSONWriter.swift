/// The one JSON writer for documents people read: two-space indent, members in the order given,
/// `/` not escaped, a final newline. (The manifest has its own byte-exact encoder, the reference
/// engine's `JSON.stringify(m, null, 2)`; this writer shares its escaping.)
public enum JSONWriter {
    /// `value` as pretty JSON text with a final newline.
    public static func pretty(_ value: JSONValue) -> String {
        text(value, indent: "", unit: "  ") + "\n"
    }

    /// `value` as text whose nested lines start with `indent` plus one `unit` per level (the first
    /// line has none: it follows a key or a line's own indentation), so a value inserted into a
    /// user's file looks like the lines around it. An empty `unit` writes one compact line.
    public static func text(_ value: JSONValue, indent: String, unit: String) -> String {
        var output = ""
        write(value, into: &output, indent: indent, unit: unit)
        return output
    }

    private static func write(_ value: JSONValue, into output: inout String, indent: String, unit: String) {
        let compact = unit.isEmpty
        let newline = compact ? "" : "\n"
        let inner = compact ? "" : indent + unit
        switch value {
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{" + newline
            for (index, member) in members.enumerated() {
                output += inner + quote(member.key) + (compact ? ":" : ": ")
                write(member.value.value, into: &output, indent: inner, unit: unit)
                output += (index == members.count - 1 ? "" : ",") + newline
            }
            output += (compact ? "" : indent) + "}"
        case .array(let elements):
            guard !elements.isEmpty else { output += "[]"; return }
            output += "[" + newline
            for (index, element) in elements.enumerated() {
                output += inner
                write(element.value, into: &output, indent: inner, unit: unit)
                output += (index == elements.count - 1 ? "" : ",") + newline
            }
            output += (compact ? "" : indent) + "]"
        case .string(let text): output += quote(text)
        case .number(let text): output += text
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        }
    }

    /// A JSON string literal of `text`, escaped as `JSON.stringify` does.
    public static func quote(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONStringEscaping.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension JSONValue {
    /// An object of these members, in this order (for writing).
    public static func members(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, value: JSONNode(value: $0.1)) })
    }

    /// An array of these values (for writing).
    public static func list(_ values: [JSONValue]) -> JSONValue {
        .array(values.map { JSONNode(value: $0) })
    }

    /// An object's members as (key, value) pairs in source order; nil for anything else.
    public var pairs: [(String, JSONValue)]? {
        guard case .object(let members) = self else { return nil }
        return members.map { ($0.key, $0.value.value) }
    }

    /// An array's elements; nil for anything else.
    public var elements: [JSONValue]? {
        guard case .array(let nodes) = self else { return nil }
        return nodes.map(\.value)
    }
}
