import AgentBackupDomain
/// Finds the values of a TOML file with their key paths: `[table]` and `[[array.of.tables]]`
/// headers, dotted and quoted keys, multi-line strings and arrays, and inline tables (walked
/// key by key, so `env = { TOKEN = "x" }` redacts `env.TOKEN`).
struct TOMLLeafScanner {
    private let bytes: [UInt8]
    private var position = 0
    private var table: [RedactionKeySegment] = []
    /// For every array of tables seen (by rendered path), the index of its current element.
    private var arrayTables: [String: Int] = [:]
    private var leaves: [RedactionLeaf] = []
    private var keys: [RedactionLeaf] = []

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Every value of the document.
    static func leaves(_ bytes: [UInt8]) throws(JSONSyntaxError) -> [RedactionLeaf] {
        try scan(bytes).values
    }

    /// Every value, and every key (of headers, key/value lines and inline tables) with the path
    /// of the table that holds it.
    static func scan(_ bytes: [UInt8]) throws(JSONSyntaxError) -> (values: [RedactionLeaf], keys: [RedactionLeaf]) {
        var scanner = TOMLLeafScanner(bytes)
        try scanner.scan()
        return (scanner.leaves, scanner.keys)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func fail(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason)
    }

    private mutating func skipToNextLine() {
        while let byte = current, byte != 0x0A { position += 1 }
        if current == 0x0A { position += 1 }
    }

    private mutating func scan() throws(JSONSyntaxError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        while position < bytes.count {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0D { position += 1 }
            guard let byte = current else { return }
            switch byte {
            case 0x0A, UInt8(ascii: "#"):
                skipToNextLine()
            case UInt8(ascii: "["):
                try scanHeader()
                skipToNextLine()
            default:
                var flow = FlowValueScanner(bytes, dialect: .toml, position: position)
                let names = try flow.scanKey(container: table)
                guard flow.position < bytes.count, bytes[flow.position] == UInt8(ascii: "=") else {
                    position = flow.position
                    throw fail("expected '=' after the key \(names.joined(separator: "."))")
                }
                flow.position += 1
                try flow.scanValue(path: table + names.map { .key($0) })
                leaves.append(contentsOf: flow.leaves)
                keys.append(contentsOf: flow.keyLeaves)
                position = flow.position
                skipToNextLine()
            }
        }
    }

    private mutating func scanHeader() throws(JSONSyntaxError) {
        let isArray = position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "[")
        var flow = FlowValueScanner(bytes, dialect: .toml, position: position + (isArray ? 2 : 1))
        let keys = try flow.scanKey()
        self.keys.append(contentsOf: flow.keyLeaves)
        let closing = isArray ? "]]" : "]"
        guard bytes.count - flow.position >= closing.utf8.count, bytes[flow.position..<flow.position + closing.utf8.count].elementsEqual(closing.utf8) else {
            position = flow.position
            throw fail("expected '\(closing)' to close the table header")
        }
        position = flow.position + closing.utf8.count
        // Keys that pass through an array of tables address its latest element.
        var path: [RedactionKeySegment] = []
        for (offset, key) in keys.enumerated() {
            path.append(.key(key))
            let name = RedactionKeySegment.render(path)
            if offset == keys.count - 1, isArray {
                let index = (arrayTables[name] ?? -1) + 1
                arrayTables[name] = index
                path.append(.index(index))
                // Tables nested under the previous element are no longer addressable.
                let prefix = name + "["
                for other in arrayTables.keys where other.hasPrefix(prefix) { arrayTables[other] = nil }
            } else if let index = arrayTables[name] {
                path.append(.index(index))
            }
        }
        table = path
    }
}
