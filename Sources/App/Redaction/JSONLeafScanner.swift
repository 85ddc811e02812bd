import AgentBackupDomain
/// Finds every scalar of a JSON (or JSONC / JSON5-subset) document, and of each line of a
/// JSON Lines file, with its byte range; on request also every member name (path mapping
/// rewrites object keys that are paths).
enum JSONLeafScanner {
    /// Leaves of one JSON document filling `bytes`.
    static func leaves(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [RedactionLeaf] {
        try scan(bytes).values
    }

    /// Values and member names of the JSON value filling `bytes[range]` (the whole of `bytes`
    /// when nil). A name's leaf has the path of the object that holds it.
    static func scan(_ bytes: [UInt8], in range: Range<Int>? = nil) throws(JSONSyntaxError) -> (values: [RedactionLeaf], keys: [RedactionLeaf]) {
        let root = try JSONParser.parse(bytes, in: range, lenient: true)
        var leaves: [RedactionLeaf] = []
        var keys: [RedactionLeaf] = []
        collect(root, path: [], into: &leaves, keys: &keys)
        return (leaves, keys)
    }

    /// Leaves of every non-blank line, each path starting with `.line(n)` (1-based).
    static func lineLeaves(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [RedactionLeaf] {
        var leaves: [RedactionLeaf] = []
        var lineNumber = 1
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let isBlank = bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if !isBlank {
                let root = try JSONParser.parse(bytes, in: start..<end, lenient: true)
                var ignored: [RedactionLeaf] = []
                collect(root, path: [.line(lineNumber)], into: &leaves, keys: &ignored)
            }
            lineNumber += 1
            start = end + 1
        }
        return leaves
    }

    private static func collect(
        _ node: JSONNode, path: [RedactionKeySegment], into leaves: inout [RedactionLeaf], keys: inout [RedactionLeaf]
    ) {
        switch node.value {
        case .object(let members):
            for member in members {
                keys.append(RedactionLeaf(path: path, range: member.keyRange, kind: .string, text: member.key))
                collect(member.value, path: path + [.key(member.key)], into: &leaves, keys: &keys)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() { collect(element, path: path + [.index(index)], into: &leaves, keys: &keys) }
        case .string(let text):
            leaves.append(RedactionLeaf(path: path, range: node.range, kind: .string, text: text))
        case .number(let text):
            leaves.append(RedactionLeaf(path: path, range: node.range, kind: .number, text: text))
        case .bool(let value):
            leaves.append(RedactionLeaf(path: path, range: node.range, kind: .bool, text: value ? "true" : "false"))
        case .null:
            leaves.append(RedactionLeaf(path: path, range: node.range, kind: .null, text: ""))
        }
    }
}
