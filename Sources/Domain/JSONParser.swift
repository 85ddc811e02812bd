/// The one JSON reader: remembers where every value sits in the source bytes.
///
/// Redaction and path mapping replace values in place (so a user's file keeps its key order,
/// spacing and comments), manifests must be refused for duplicate keys, and config and
/// adapter-file errors point at a line and column: all need what `JSONSerialization` and
/// `JSONDecoder` throw away (member order, number text, byte ranges). Errors say what was found
/// and what was expected, in words a person editing the file can act on.
///
/// Strict mode is RFC 8259 over UTF-8, refusing what `JSON.parse` refuses (trailing commas,
/// leading zeros) and also invalid UTF-8 and lone surrogate escapes. `lenient` accepts what
/// hand-edited settings files contain (VS Code style JSONC and the common subset of JSON5): `//`
/// and `/* */` comments, trailing commas, unquoted identifier keys, single-quoted strings, and
/// lone surrogates (read as U+FFFD). Nesting is limited, so hostile input cannot exhaust the stack.
public struct JSONParser {
    private let bytes: [UInt8]
    private let end: Int
    private let lenient: Bool
    private var position: Int
    private var depth = 0
    private static let maximumDepth = 128

    private init(_ bytes: [UInt8], range: Range<Int>, lenient: Bool) {
        self.bytes = bytes
        self.end = range.upperBound
        self.lenient = lenient
        self.position = range.lowerBound
    }

    /// Parses one value filling `bytes[range]` (whitespace and, when lenient, comments around
    /// it; a UTF-8 byte order mark is skipped, as a BOM-stripping reader would).
    public static func parse(_ bytes: [UInt8], in range: Range<Int>? = nil, lenient: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        let range = range ?? 0..<bytes.count
        var parser = JSONParser(bytes, range: range, lenient: lenient)
        if bytes[range].starts(with: [0xEF, 0xBB, 0xBF]) { parser.position += 3 }
        try parser.skipTrivia()
        if parser.position == range.upperBound { throw parser.fail("the file is empty; expected a JSON object such as {}") }
        let node = try parser.parseValue()
        try parser.skipTrivia()
        guard parser.position == range.upperBound else { throw parser.fail("unexpected \(parser.found) after the end of the JSON value") }
        return node
    }

    private func fail(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason)
    }

    private var current: UInt8? { position < end ? bytes[position] : nil }

    /// What is at the current position, for "unexpected …".
    private var found: String {
        guard let byte = current else { return "end of file" }
        if byte == 0x0A { return "end of line" }
        return Self.describe(byte)
    }

    private mutating func skipTrivia() throws(JSONSyntaxError) {
        while let byte = current {
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                position += 1
            } else if lenient, byte == UInt8(ascii: "/"), position + 1 < end {
                let next = bytes[position + 1]
                if next == UInt8(ascii: "/") {
                    while let next = current, next != 0x0A { position += 1 }
                } else if next == UInt8(ascii: "*") {
                    let start = position
                    position += 2
                    while position + 1 < end, !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) {
                        position += 1
                    }
                    guard position + 1 < end else { throw JSONSyntaxError(offset: start, reason: "unterminated /* comment") }
                    position += 2
                } else {
                    return
                }
            } else {
                return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard let byte = current else { throw fail("unexpected end of file; expected a value") }
        let start = position
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return JSONNode(value: .string(try parseString()), range: start..<position)
        case UInt8(ascii: "'") where lenient: return JSONNode(value: .string(try parseString()), range: start..<position)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected \(found); expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONNode {
        let start = position
        let expected = Array(word.utf8)
        guard end - position >= expected.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw fail("unexpected \(found); expected a value (did you mean \(word)? strings need double quotes)")
        }
        position += expected.count
        return JSONNode(value: value, range: start..<position)
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw fail("nested more than \(Self.maximumDepth) levels deep (the nesting limit)") }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var members: [JSONMember] = []
        try skipTrivia()
        if current == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return JSONNode(value: .object([]), range: start..<position)
        }
        while true {
            try skipTrivia()
            if current == UInt8(ascii: "}") {
                guard lenient else { throw fail("trailing comma before '}'") }
                break
            }
            let member = try parseMember()
            members.append(member)
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if current == UInt8(ascii: "}") { break }
            throw fail("unexpected \(found); expected ',' or '}' after the value of \"\(member.key)\"")
        }
        position += 1
        depth -= 1
        return JSONNode(value: .object(members), range: start..<position)
    }

    private mutating func parseMember() throws(JSONSyntaxError) -> JSONMember {
        let keyStart = position
        let key: String
        if current == UInt8(ascii: "\"") || (lenient && current == UInt8(ascii: "'")) {
            key = try parseString()
        } else if lenient, let identifier = parseIdentifier() {
            key = identifier
        } else {
            throw fail("unexpected \(found); expected a key in double quotes")
        }
        let keyRange = keyStart..<position
        try skipTrivia()
        guard current == UInt8(ascii: ":") else { throw fail("unexpected \(found); expected ':' after the key \"\(key)\"") }
        position += 1
        try skipTrivia()
        return JSONMember(key: key, keyRange: keyRange, value: try parseValue())
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var elements: [JSONNode] = []
        try skipTrivia()
        if current == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return JSONNode(value: .array([]), range: start..<position)
        }
        while true {
            try skipTrivia()
            if current == UInt8(ascii: "]") {
                guard lenient else { throw fail("trailing comma before ']'") }
                break
            }
            elements.append(try parseValue())
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if current == UInt8(ascii: "]") { break }
            throw fail("unexpected \(found); expected ',' or ']'")
        }
        position += 1
        depth -= 1
        return JSONNode(value: .array(elements), range: start..<position)
    }

    private mutating func parseIdentifier() -> String? {
        let start = position
        while let byte = current,
              byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
              || (position > start && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
            position += 1
        }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> JSONNode {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, Self.isDigit(first) else { throw fail("a '-' must be followed by digits") }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = current, Self.isDigit(next) { throw fail("numbers must not have leading zeros") }
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() else { throw fail("a '.' in a number must be followed by digits") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() else { throw fail("an exponent in a number must have digits") }
        }
        return JSONNode(value: .number(String(decoding: bytes[start..<position], as: UTF8.self)), range: start..<position)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while let byte = current, Self.isDigit(byte) { position += 1 }
        return position > start
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let quote = bytes[position]
        let start = position
        position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw fail("unexpected end of file inside a string") }
            if byte == quote {
                position += 1
                break
            }
            if byte < 0x20 { throw fail("a control character (such as a raw newline or tab) inside a string; write it as an escape like \\n") }
            if byte != UInt8(ascii: "\\") {
                text.append(byte)
                position += 1
                continue
            }
            text += try parseEscape()
        }
        let decoded = String(decoding: text, as: UTF8.self)
        // Decoding repairs bad sequences with U+FFFD, so different bytes back mean bad input.
        guard decoded.utf8.elementsEqual(text) else { throw JSONSyntaxError(offset: start, reason: "invalid UTF-8 in a string") }
        return decoded
    }

    /// The UTF-8 bytes of one escape (the position is at the backslash).
    private mutating func parseEscape() throws(JSONSyntaxError) -> [UInt8] {
        let backslash = position
        position += 1
        guard let escaped = current else { throw fail("unexpected end of file inside a string") }
        position += 1
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [escaped]
        case UInt8(ascii: "'") where lenient: return [escaped]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code), end - position >= 6,
               bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                position += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fail("an invalid UTF-16 surrogate pair in a string") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else {
                guard lenient else { throw fail("a lone UTF-16 surrogate \\u\(String(code, radix: 16)) in a string") }
                return Array("\u{FFFD}".utf8)
            }
            return Array(String(Character(scalar)).utf8)
        default:
            position = backslash
            throw fail("invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw fail("\\u must be followed by four hex digits") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("\\u must be followed by four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
