/// A JSON parser that remembers where every value sits in the source bytes.
///
/// Redaction replaces values in place (so a user's file keeps its key order, spacing and
/// comments), and adapter-file errors point at a line and column; both need byte ranges,
/// which `JSONSerialization` and `JSONDecoder` throw away.
///
/// `lenient` accepts what hand-edited settings files contain (VS Code style JSONC and the
/// common subset of JSON5): `//` and `/* */` comments, trailing commas, unquoted identifier
/// keys and single-quoted strings. Adapter files are parsed strictly.
struct LosslessJSON {
    /// A value and the bytes it spans (for strings, including the quotes).
    struct Node {
        var value: Value
        var range: Range<Int>
    }

    /// One `"key": value` member of an object, in source order.
    struct Member {
        var key: String
        var keyRange: Range<Int>
        var value: Node
    }

    indirect enum Value {
        case object([Member])
        case array([Node])
        case string(String)
        /// The number as written (`1e3` stays `1e3`).
        case number(String)
        case bool(Bool)
        case null
    }

    /// Why the bytes are not JSON, and at which byte.
    struct Failure: Error, Equatable {
        var offset: Int
        var reason: String
    }

    private let bytes: [UInt8]
    private let end: Int
    private let lenient: Bool
    private var position: Int
    private var depth = 0
    private static let maximumDepth = 256

    private init(_ bytes: [UInt8], range: Range<Int>, lenient: Bool) {
        self.bytes = bytes
        self.end = range.upperBound
        self.lenient = lenient
        self.position = range.lowerBound
    }

    /// Parses one value filling `bytes[range]` (whitespace and, when lenient, comments around it).
    static func parse(_ bytes: [UInt8], in range: Range<Int>? = nil, lenient: Bool = false) throws(Failure) -> Node {
        let range = range ?? 0..<bytes.count
        var parser = LosslessJSON(bytes, range: range, lenient: lenient)
        if bytes[range].starts(with: [0xEF, 0xBB, 0xBF]) { parser.position += 3 }
        try parser.skipTrivia()
        let node = try parser.parseValue()
        try parser.skipTrivia()
        guard parser.position == range.upperBound else { throw parser.fail("unexpected text after the JSON value") }
        return node
    }

    /// 1-based line and column of a byte offset, for messages a user can follow in an editor.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
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

    private func fail(_ reason: String) -> Failure {
        Failure(offset: position, reason: reason)
    }

    private var current: UInt8? { position < end ? bytes[position] : nil }

    private mutating func skipTrivia() throws(Failure) {
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
                    guard position + 1 < end else { throw Failure(offset: start, reason: "unterminated /* comment") }
                    position += 2
                } else {
                    return
                }
            } else {
                return
            }
        }
    }

    private mutating func parseValue() throws(Failure) -> Node {
        guard let byte = current else { throw fail("unexpected end of input, expected a value") }
        let start = position
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return Node(value: .string(try parseString()), range: start..<position)
        case UInt8(ascii: "'") where lenient: return Node(value: .string(try parseString()), range: start..<position)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character \(Self.describe(byte)), expected a value")
        }
    }

    private mutating func literal(_ word: String, _ value: Value) throws(Failure) -> Node {
        let start = position
        let expected = Array(word.utf8)
        guard end - position >= expected.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
            throw fail("invalid literal, expected \(word)")
        }
        position += expected.count
        return Node(value: value, range: start..<position)
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > Self.maximumDepth { throw fail("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func parseObject() throws(Failure) -> Node {
        let start = position
        try enter()
        position += 1
        var members: [Member] = []
        try skipTrivia()
        if current == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return Node(value: .object([]), range: start..<position)
        }
        while true {
            try skipTrivia()
            if lenient, current == UInt8(ascii: "}"), !members.isEmpty { break }
            let keyStart = position
            let key: String
            if current == UInt8(ascii: "\"") || (lenient && current == UInt8(ascii: "'")) {
                key = try parseString()
            } else if lenient, let identifier = parseIdentifier() {
                key = identifier
            } else {
                throw fail(current == nil ? "unexpected end of input inside an object" : "expected a quoted member name, found \(Self.describe(current!))")
            }
            let keyRange = keyStart..<position
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { throw fail("expected ':' after the member name \"\(key)\"") }
            position += 1
            try skipTrivia()
            let value = try parseValue()
            members.append(Member(key: key, keyRange: keyRange, value: value))
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if current == UInt8(ascii: "}") { break }
            throw fail(current == nil ? "unexpected end of input, expected ',' or '}'" : "expected ',' or '}' after an object member, found \(Self.describe(current!))")
        }
        position += 1
        depth -= 1
        return Node(value: .object(members), range: start..<position)
    }

    private mutating func parseArray() throws(Failure) -> Node {
        let start = position
        try enter()
        position += 1
        var elements: [Node] = []
        try skipTrivia()
        if current == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return Node(value: .array([]), range: start..<position)
        }
        while true {
            try skipTrivia()
            if lenient, current == UInt8(ascii: "]"), !elements.isEmpty { break }
            elements.append(try parseValue())
            try skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if current == UInt8(ascii: "]") { break }
            throw fail(current == nil ? "unexpected end of input, expected ',' or ']'" : "expected ',' or ']' after an array element, found \(Self.describe(current!))")
        }
        position += 1
        depth -= 1
        return Node(value: .array(elements), range: start..<position)
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

    private mutating func parseNumber() throws(Failure) -> Node {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { throw fail("expected a digit") }
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() else { throw fail("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() else { throw fail("expected a digit in the exponent") }
        }
        return Node(value: .number(String(decoding: bytes[start..<position], as: UTF8.self)), range: start..<position)
    }

    @discardableResult
    private mutating func skipDigits() -> Bool {
        let start = position
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position > start
    }

    private mutating func parseString() throws(Failure) -> String {
        let quote = bytes[position]
        let start = position
        position += 1
        var scalars: [UInt8] = []
        while true {
            guard let byte = current else { throw Failure(offset: start, reason: "unterminated string") }
            if byte == quote {
                position += 1
                break
            }
            if byte < 0x20 { throw fail("control character \(Self.describe(byte)) inside a string (escape it)") }
            if byte != UInt8(ascii: "\\") {
                scalars.append(byte)
                position += 1
                continue
            }
            position += 1
            guard let escaped = current else { throw Failure(offset: start, reason: "unterminated string") }
            position += 1
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
            case UInt8(ascii: "'") where lenient: scalars.append(escaped)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), end - position >= 6,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid low surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                position -= 1
                throw fail("invalid escape \\\(Self.describe(escaped))")
            }
        }
        return String(decoding: scalars, as: UTF8.self)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard end - position >= 4 else { throw fail("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("expected a hex digit in \\u escape")
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
