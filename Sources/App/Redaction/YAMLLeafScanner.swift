import AgentBackupDomain
/// Finds the scalars of a YAML file line by line, with their key paths: block mappings
/// (nesting by indentation), block sequences (`- item`, `- key: value`), quoted, plain and
/// block (`|`, `>`) scalars, and flow values (`{…}`, `[…]`).
///
/// It is not a full YAML parser (no complex `?` keys, no merge keys, aliases are left alone),
/// but it covers the configuration files agents write, and it never moves a byte it does not
/// replace, so comments and layout survive.
struct YAMLLeafScanner {
    private struct Frame {
        /// Column of the key, or of the `-` of a sequence item.
        var indent: Int
        var segment: RedactionKeySegment
        var isItem: Bool
        var nextIndex = 0
    }

    private let bytes: [UInt8]
    private var lines: [Range<Int>] = []
    private var frames: [Frame] = []
    private var rootNextIndex = 0
    private var leaves: [RedactionLeaf] = []
    private var keys: [RedactionLeaf] = []

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = 0
        while start <= bytes.count {
            var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let next = end + 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            lines.append(start..<end)
            start = next
        }
    }

    /// Every scalar of the document (or documents, separated by `---`).
    static func leaves(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [RedactionLeaf] {
        try scan(bytes).values
    }

    /// Every scalar, and every block mapping key with the path of the mapping that holds it.
    static func scan(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (values: [RedactionLeaf], keys: [RedactionLeaf]) {
        var scanner = YAMLLeafScanner(bytes)
        try scanner.scan()
        return (scanner.leaves, scanner.keys)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private func indentation(of line: Range<Int>) -> Int? {
        var position = line.lowerBound
        while position < line.upperBound, isSpace(bytes[position]) { position += 1 }
        if position == line.upperBound || bytes[position] == UInt8(ascii: "#") { return nil }
        return position - line.lowerBound
    }

    private mutating func scan() throws(JSONSyntaxError) {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let indent = indentation(of: line) else {
                index += 1
                continue
            }
            var position = line.lowerBound + indent
            if indent == 0, startsDocumentMarker(position, end: line.upperBound) || bytes[position] == UInt8(ascii: "%") {
                frames.removeAll()
                rootNextIndex = 0
                index += 1
                continue
            }
            var column = indent
            var itemOnThisLine = false
            while position < line.upperBound, bytes[position] == UInt8(ascii: "-"),
                  position + 1 == line.upperBound || isSpace(bytes[position + 1]) {
                while let top = frames.last, top.indent > column || (top.indent == column && top.isItem) { frames.removeLast() }
                frames.append(Frame(indent: column, segment: .index(takeIndex()), isItem: true))
                position += 1
                while position < line.upperBound, isSpace(bytes[position]) { position += 1 }
                column = position - line.lowerBound
                itemOnThisLine = true
            }
            if position == line.upperBound || bytes[position] == UInt8(ascii: "#") {
                index += 1
                continue
            }
            if let (key, afterColon) = try parseKey(at: position, end: line.upperBound) {
                while let top = frames.last, top.indent >= column { frames.removeLast() }
                keys.append(keyLeaf(key, at: position, colon: afterColon - 1))
                var value = afterColon
                while value < line.upperBound, isSpace(bytes[value]) { value += 1 }
                // Anchors and tags before a value (`key: &anchor`, `key: !!str`) are not the value.
                while value < line.upperBound, bytes[value] == UInt8(ascii: "&") || bytes[value] == UInt8(ascii: "!") {
                    while value < line.upperBound, !isSpace(bytes[value]) { value += 1 }
                    while value < line.upperBound, isSpace(bytes[value]) { value += 1 }
                }
                if value == line.upperBound || bytes[value] == UInt8(ascii: "#") {
                    frames.append(Frame(indent: column, segment: .key(key), isItem: false))
                    index += 1
                    continue
                }
                index = try scalar(at: value, line: index, path: frames.map(\.segment) + [.key(key)], parentIndent: column)
                continue
            }
            if itemOnThisLine, let item = frames.last {
                index = try scalar(at: position, line: index, path: frames.map(\.segment), parentIndent: item.indent)
                continue
            }
            // A continuation of a multi-line scalar already consumed, or syntax we do not model.
            index += 1
        }
    }

    /// The key written from `start` to just before its `:` (quotes included, spaces excluded).
    private func keyLeaf(_ key: String, at start: Int, colon: Int) -> RedactionLeaf {
        var end = colon
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        let quoted = bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'")
        return RedactionLeaf(path: frames.map(\.segment), range: start..<end, kind: quoted ? .string : .other, text: key)
    }

    private func startsDocumentMarker(_ position: Int, end: Int) -> Bool {
        guard end - position >= 3 else { return false }
        let marker = bytes[position..<position + 3]
        guard marker.elementsEqual("---".utf8) || marker.elementsEqual("...".utf8) else { return false }
        return end - position == 3 || isSpace(bytes[position + 3])
    }

    private mutating func takeIndex() -> Int {
        guard !frames.isEmpty else {
            rootNextIndex += 1
            return rootNextIndex - 1
        }
        frames[frames.count - 1].nextIndex += 1
        return frames[frames.count - 1].nextIndex - 1
    }

    /// `key:` or `"quoted key":` at `position`; returns the key and the byte after the colon.
    private func parseKey(at position: Int, end: Int) throws(JSONSyntaxError) -> (String, Int)? {
        let first = bytes[position]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var flow = FlowValueScanner(bytes, dialect: .yaml, position: position)
            guard let key = try? flow.scanQuoted(), flow.position <= end else { return nil }
            flow.skipSpaces()
            let colon = flow.position
            guard colon < end, bytes[colon] == UInt8(ascii: ":"), colon + 1 == end || isSpace(bytes[colon + 1]) else { return nil }
            return (key, colon + 1)
        }
        if first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || first == UInt8(ascii: "?") || first == UInt8(ascii: "|")
            || first == UInt8(ascii: ">") || first == UInt8(ascii: "*") {
            return nil
        }
        var cursor = position
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "#"), cursor > position, isSpace(bytes[cursor - 1]) { return nil }
            if byte == UInt8(ascii: ":"), cursor + 1 == end || isSpace(bytes[cursor + 1]) {
                var keyEnd = cursor
                while keyEnd > position, isSpace(bytes[keyEnd - 1]) { keyEnd -= 1 }
                return (String(decoding: bytes[position..<keyEnd], as: UTF8.self), cursor + 1)
            }
            cursor += 1
        }
        return nil
    }

    /// Records the value starting at `position` on line `lineIndex`; returns the next line to read.
    private mutating func scalar(at position: Int, line lineIndex: Int, path: [RedactionKeySegment], parentIndent: Int) throws(JSONSyntaxError) -> Int {
        let line = lines[lineIndex]
        let first = bytes[position]
        if first == UInt8(ascii: "|") || first == UInt8(ascii: ">") {
            return blockScalar(at: position, line: lineIndex, path: path, parentIndent: parentIndent)
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            var flow = FlowValueScanner(bytes, dialect: .yaml, position: position)
            try flow.scanValue(path: path)
            leaves.append(contentsOf: flow.leaves)
            return lineContaining(flow.position - 1) + 1
        }
        // A plain scalar, possibly continued on more-indented lines.
        var end = plainEnd(from: position, to: line.upperBound)
        var next = lineIndex + 1
        while next < lines.count {
            guard let indent = indentation(of: lines[next]) else {
                if lines[next].isEmpty || bytes[lines[next]].allSatisfy(isSpace) {
                    next += 1
                    continue
                }
                break
            }
            guard indent > parentIndent else { break }
            end = plainEnd(from: lines[next].lowerBound + indent, to: lines[next].upperBound)
            next += 1
        }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        leaves.append(RedactionLeaf(path: path, range: position..<end, kind: FlowValueScanner.classify(text, dialect: .yaml), text: text))
        // Resume after the last line that belonged to the scalar.
        return lineContaining(end - 1) + 1
    }

    private func plainEnd(from start: Int, to end: Int) -> Int {
        var cursor = start
        while cursor < end {
            if bytes[cursor] == UInt8(ascii: "#"), cursor > start, isSpace(bytes[cursor - 1]) { break }
            cursor += 1
        }
        while cursor > start, isSpace(bytes[cursor - 1]) { cursor -= 1 }
        return cursor
    }

    private mutating func blockScalar(at position: Int, line lineIndex: Int, path: [RedactionKeySegment], parentIndent: Int) -> Int {
        var end = plainEnd(from: position, to: lines[lineIndex].upperBound)
        var content: [String] = []
        var next = lineIndex + 1
        while next < lines.count {
            let line = lines[next]
            var cursor = line.lowerBound
            while cursor < line.upperBound, isSpace(bytes[cursor]) { cursor += 1 }
            if cursor == line.upperBound {
                next += 1
                continue
            }
            guard cursor - line.lowerBound > parentIndent else { break }
            content.append(String(decoding: bytes[cursor..<line.upperBound], as: UTF8.self))
            end = line.upperBound
            next += 1
        }
        leaves.append(RedactionLeaf(path: path, range: position..<end, kind: .string, text: content.joined(separator: "\n")))
        return lineContaining(end - 1) + 1
    }

    private func lineContaining(_ offset: Int) -> Int {
        var low = 0
        var high = lines.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lines[middle].lowerBound <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
