import AgentBackupDomain
/// Reads one value written inline: a TOML value (`"s"`, `'s'`, `"""…"""`, `[…]`, `{ k = v }`,
/// numbers, dates) or a YAML flow value (`{k: v}`, `[a, b]`, quoted or plain scalars).
///
/// Collections are walked, not swallowed, so `env = { TOKEN = "x" }` redacts `env.TOKEN` and
/// keeps the table's shape. Every scalar found is appended to `leaves`.
struct FlowValueScanner {
    enum Dialect {
        case toml
        case yaml
    }

    let bytes: [UInt8]
    let dialect: Dialect
    /// The next byte to read; after `scanValue`, the byte after the value.
    var position: Int
    var leaves: [RedactionLeaf] = []
    /// Every key read by `scanKey(container:)`, with the path of the table or mapping that holds
    /// it (bare keys are `.other`, quoted ones `.string`).
    var keyLeaves: [RedactionLeaf] = []

    init(_ bytes: [UInt8], dialect: Dialect, position: Int) {
        self.bytes = bytes
        self.dialect = dialect
        self.position = position
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func fail(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason)
    }

    /// Reads the value at `position` (leading spaces skipped) and records its leaves under `path`.
    mutating func scanValue(path: [RedactionKeySegment], depth: Int = 0) throws(JSONSyntaxError) {
        guard depth < 128 else { throw fail("values nested too deeply") }
        skipSpaces()
        guard let byte = current else { throw fail("expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try scanTable(path: path, depth: depth)
        case UInt8(ascii: "["): try scanArray(path: path, depth: depth)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let start = position
            let text = try scanQuoted()
            leaves.append(RedactionLeaf(path: path, range: start..<position, kind: .string, text: text))
        default:
            try scanPlain(path: path, inCollection: depth > 0)
        }
    }

    /// Skips spaces and tabs on the current line.
    mutating func skipSpaces() {
        while let byte = current, byte == 0x20 || byte == 0x09 { position += 1 }
    }

    /// Skips spaces, line breaks and comments (inside brackets values may span lines).
    private mutating func skipTrivia() {
        while let byte = current {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                position += 1
            } else if byte == UInt8(ascii: "#"), isCommentStart(position) {
                while let next = current, next != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    /// `#` starts a comment in TOML anywhere outside strings; in YAML only after a space or at a
    /// line start.
    func isCommentStart(_ index: Int) -> Bool {
        if dialect == .toml { return true }
        return index == 0 || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09 || bytes[index - 1] == 0x0A
    }

    private mutating func scanTable(path: [RedactionKeySegment], depth: Int) throws(JSONSyntaxError) {
        position += 1
        while true {
            skipTrivia()
            guard let byte = current else { throw fail("unterminated '{'") }
            if byte == UInt8(ascii: "}") {
                position += 1
                return
            }
            let keys = try scanKey(container: path)
            skipTrivia()
            let separator = dialect == .toml ? UInt8(ascii: "=") : UInt8(ascii: ":")
            if current == separator {
                position += 1
                skipTrivia()
                try scanValue(path: path + keys.map { .key($0) }, depth: depth + 1)
            } else if dialect == .toml {
                throw fail("expected '=' after a key in an inline table")
            }
            skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
            } else if current != UInt8(ascii: "}") {
                throw fail("expected ',' or '}' in an inline table")
            }
        }
    }

    private mutating func scanArray(path: [RedactionKeySegment], depth: Int) throws(JSONSyntaxError) {
        position += 1
        var index = 0
        while true {
            skipTrivia()
            guard let byte = current else { throw fail("unterminated '['") }
            if byte == UInt8(ascii: "]") {
                position += 1
                return
            }
            try scanValue(path: path + [.index(index)], depth: depth + 1)
            index += 1
            skipTrivia()
            if current == UInt8(ascii: ",") {
                position += 1
            } else if current != UInt8(ascii: "]") {
                throw fail("expected ',' or ']' in an array")
            }
        }
    }

    /// A key: TOML bare / quoted / dotted (`a."b c".d`), YAML plain or quoted up to ':'. Each
    /// part is recorded in `keyLeaves` under `container` and the parts before it.
    mutating func scanKey(container: [RedactionKeySegment] = []) throws(JSONSyntaxError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let byte = current else { throw fail("expected a key") }
            let start = position
            let kind: RedactionLeaf.Kind
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                parts.append(try scanQuoted())
                kind = .string
            } else {
                while let next = current, isKeyByte(next) { position += 1 }
                guard position > start else { throw fail("expected a key") }
                var end = position
                while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                parts.append(String(decoding: bytes[start..<end], as: UTF8.self))
                kind = .other
            }
            var end = position
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            keyLeaves.append(RedactionLeaf(path: container + parts.dropLast().map { .key($0) }, range: start..<end, kind: kind, text: parts.last!))
            skipSpaces()
            if dialect == .toml, current == UInt8(ascii: ".") {
                position += 1
                continue
            }
            return parts
        }
    }

    private func isKeyByte(_ byte: UInt8) -> Bool {
        switch dialect {
        case .toml:
            return byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
        case .yaml:
            return byte != UInt8(ascii: ":") && byte != UInt8(ascii: ",") && byte != UInt8(ascii: "}") && byte != 0x0A && byte != UInt8(ascii: "#")
        }
    }

    /// Reads a quoted string at `position` and returns its text (escapes resolved approximately).
    mutating func scanQuoted() throws(JSONSyntaxError) -> String {
        let quote = bytes[position]
        let start = position
        let triple = dialect == .toml && bytes.count - position >= 3 && bytes[position + 1] == quote && bytes[position + 2] == quote
        position += triple ? 3 : 1
        var text: [UInt8] = []
        while true {
            guard let byte = current else { throw JSONSyntaxError(offset: start, reason: "unterminated string") }
            if byte == quote {
                if triple {
                    if bytes.count - position >= 3, bytes[position + 1] == quote, bytes[position + 2] == quote {
                        position += 3
                        // TOML allows up to two more quotes right before the closing delimiter.
                        while current == quote { text.append(quote); position += 1 }
                        break
                    }
                } else if dialect == .yaml, quote == UInt8(ascii: "'"), position + 1 < bytes.count, bytes[position + 1] == quote {
                    text.append(quote)
                    position += 2
                    continue
                } else {
                    position += 1
                    break
                }
            }
            if !triple, dialect == .toml, byte == 0x0A { throw JSONSyntaxError(offset: start, reason: "unterminated string") }
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), position + 1 < bytes.count {
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "r"): text.append(0x0D)
                default: text.append(escaped)
                }
                position += 2
                continue
            }
            text.append(byte)
            position += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func scanPlain(path: [RedactionKeySegment], inCollection: Bool) throws(JSONSyntaxError) {
        let start = position
        while let byte = current, byte != 0x0A, byte != 0x0D {
            if byte == UInt8(ascii: "#"), isCommentStart(position) { break }
            if inCollection || dialect == .toml, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { break }
            position += 1
        }
        var end = position
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end > start else {
            if inCollection { throw fail("expected a value") }
            return
        }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        leaves.append(RedactionLeaf(path: path, range: start..<end, kind: Self.classify(text, dialect: dialect), text: text))
    }

    /// What an unquoted scalar is: YAML 1.1/1.2 and TOML keywords and number shapes.
    static func classify(_ text: String, dialect: Dialect) -> RedactionLeaf.Kind {
        let lower = text.lowercased()
        switch dialect {
        case .yaml:
            if ["~", "null"].contains(lower) { return .null }
            if ["true", "false", "yes", "no", "on", "off"].contains(lower) { return .bool }
            if text.hasPrefix("*") || text.hasPrefix("!") || text.hasPrefix("&") { return .other }
        case .toml:
            if ["true", "false"].contains(lower) { return .bool }
            if let first = text.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9"), text.contains("-") || text.contains(":") {
                return .other
            }
        }
        if ["inf", "+inf", "-inf", "nan", "+nan", "-nan", ".inf", "-.inf", ".nan"].contains(lower) { return .number }
        let numeric = text.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "b")
        }
        let hasDigit = text.utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        if numeric && hasDigit { return .number }
        // TOML strings are always quoted: a bare value is a number, date or keyword.
        return dialect == .toml ? .other : .string
    }
}
