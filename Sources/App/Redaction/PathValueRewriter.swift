import AgentBackupDomain
import AgentBackupPorts

/// One value a rewrite changed: where it now sits, what it replaced, the path it must read as.
struct PathReplacement: Sendable, Equatable {
    /// Its bytes in the rewritten unit (quotes included).
    var range: Range<Int>
    /// The bytes it replaced, as written in the snapshot.
    var original: [UInt8]
    /// The mapped path the new value must decode to.
    var text: [UInt8]
}

/// What rewriting one unit (a document, or one line of JSON Lines) produced.
struct PathUnitRewrite: Sendable, Equatable {
    var output: [UInt8]
    var replacements: [PathReplacement]
    /// Values that name a mapped path but spell it with escapes (or as a block scalar) that this
    /// rewriter does not reproduce exactly: left as they are, and reported.
    var leftAlone: Int
}

/// Rewrites absolute paths inside one unit of a file with the same lossless scanners the
/// redaction uses: a string value (or a member name the adapter marks as a path) changes only
/// when it IS a mapped path or starts with one followed by `/`; a path inside a sentence is
/// prose and stays. Only the value's own bytes change; everything else is copied byte for byte.
struct PathValueRewriter: Sendable {
    let mapper: PathMapper
    /// The unit's format: `json` (also each line of `jsonl`), `yaml`, `toml` or `text`.
    let format: PathFileFormat
    /// Member names are paths when the path of the object holding them (rendered like
    /// `projects`, empty at the top level) matches; nil: no names are paths.
    let keys: PatternSet?

    /// The unit with every mapped path value replaced. Throws when the unit does not parse.
    func rewrite(_ unit: [UInt8]) throws(JSONSyntaxError) -> PathUnitRewrite {
        let candidates = try scan(unit, keysToo: keys != nil)
        var edits: [(range: Range<Int>, bytes: [UInt8], text: [UInt8])] = []
        var leftAlone = 0
        for leaf in candidates.values where leaf.kind == .string {
            consider(leaf, in: unit, edits: &edits, leftAlone: &leftAlone)
        }
        if let keys {
            for leaf in candidates.keys where keys.matches(Self.containerName(leaf.path)) {
                consider(leaf, in: unit, edits: &edits, leftAlone: &leftAlone)
            }
        }
        edits.sort { $0.range.lowerBound < $1.range.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(unit.count + edits.count * 16)
        var replacements: [PathReplacement] = []
        var cursor = 0
        for edit in edits where edit.range.lowerBound >= cursor {
            output += unit[cursor..<edit.range.lowerBound]
            let start = output.count
            output += edit.bytes
            replacements.append(PathReplacement(range: start..<output.count, original: Array(unit[edit.range]), text: edit.text))
            cursor = edit.range.upperBound
        }
        output += unit[cursor...]
        return PathUnitRewrite(output: output, replacements: replacements, leftAlone: leftAlone)
    }

    /// The original unit, rebuilt from a rewritten one: it is scanned again (so it must still
    /// parse), every replacement must be a value there that reads as its mapped path, and each is
    /// swapped back for the bytes it replaced. The caller compares the result with the snapshot.
    func undo(_ output: [UInt8], _ replacements: [PathReplacement]) throws -> [UInt8] {
        guard !replacements.isEmpty else { return output }
        let found: (values: [RedactionLeaf], keys: [RedactionLeaf])
        do {
            found = try scan(output, keysToo: true)
        } catch {
            throw PathRewriteMismatch(offset: error.offset, reason: "the rewritten text no longer parses (\(error.reason))")
        }
        var byRange: [Range<Int>: RedactionLeaf] = [:]
        for leaf in found.values + found.keys { byRange[leaf.range] = leaf }
        var original: [UInt8] = []
        original.reserveCapacity(output.count)
        var cursor = 0
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard let leaf = byRange[replacement.range] else {
                throw PathRewriteMismatch(offset: replacement.range.lowerBound, reason: "the rewritten value is not a value of the document")
            }
            guard Array(leaf.text.utf8) == replacement.text else {
                throw PathRewriteMismatch(offset: replacement.range.lowerBound, reason: "the rewritten value reads as \(JSONWriter.quote(leaf.text)), not as the mapped path")
            }
            original += output[cursor..<replacement.range.lowerBound]
            original += replacement.original
            cursor = replacement.range.upperBound
        }
        original += output[cursor...]
        return original
    }

    /// Every absolute path the unit names (string values, and member names that start with
    /// `/`): what a restore learns about the projects of a snapshot before it renames.
    func absolutePaths(in unit: [UInt8]) throws(JSONSyntaxError) -> [[UInt8]] {
        let found = try scan(unit, keysToo: true)
        return (found.values.filter { $0.kind == .string } + found.keys)
            .map { Array($0.text.utf8) }
            .filter { $0.first == UInt8(ascii: "/") }
    }

    // MARK: - Helpers

    private func scan(_ unit: [UInt8], keysToo: Bool) throws(JSONSyntaxError) -> (values: [RedactionLeaf], keys: [RedactionLeaf]) {
        switch format {
        case .json, .jsonl, .auto: return try JSONLeafScanner.scan(unit)
        case .yaml: return try YAMLLeafScanner.scan(unit)
        case .toml: return try TOMLLeafScanner.scan(unit)
        case .text: return ([Self.textLeaf(unit)].compactMap { $0 }, [])
        }
    }

    private func consider(_ leaf: RedactionLeaf, in unit: [UInt8], edits: inout [(range: Range<Int>, bytes: [UInt8], text: [UInt8])], leftAlone: inout Int) {
        let text = Array(leaf.text.utf8)
        guard let mapping = mapper.mapping(for: text), let rest = mapping.suffix(of: text) else { return }
        let mapped = mapping.to + rest
        if let bytes = PathLiteral(raw: Array(unit[leaf.range]), format: format).replacingPrefix(mapping, mapped: mapped) {
            edits.append((leaf.range, bytes, mapped))
        } else {
            leftAlone += 1
        }
    }

    /// `projects`, `mcpServers.x`; empty for the top level (JSON Lines line numbers dropped).
    static func containerName(_ path: [RedactionKeySegment]) -> String {
        RedactionKeySegment.render(path.filter { if case .line = $0 { return false } else { return true } })
    }

    /// The whole unit less surrounding white space, as one value.
    private static func textLeaf(_ unit: [UInt8]) -> RedactionLeaf? {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = unit.firstIndex(where: { !isSpace($0) }), let last = unit.lastIndex(where: { !isSpace($0) }) else { return nil }
        return RedactionLeaf(path: [], range: first..<(last + 1), kind: .string, text: String(decoding: unit[first...last], as: UTF8.self))
    }
}
