import AgentBackupDomain
import AgentBackupPorts

/// The `Redacting` implementation built from an adapter's `redact` rules.
///
/// Only string values are replaced (numbers, booleans and nulls are not secrets and keep the
/// file's types); empty strings and references to environment variables (`$VAR`, `${VAR}`,
/// `{env:VAR}`, `${env:VAR}`) are left as they are, since they carry no secret and the agent
/// needs them to find the real one.
public struct Redactor: Redacting {
    /// What replaces a secret value in the uploaded copy. It is a string in every format, so the
    /// restored file stays readable by the agent, and obvious to a user who opens it.
    public static let placeholder = "<redacted by agent-backup>"

    private struct CompiledRule: Sendable {
        var rule: RedactionRule
        var path: PatternSet
        var keys: PatternSet
    }

    private let compiled: [CompiledRule]

    /// The rules as given.
    public var rules: [RedactionRule] { compiled.map(\.rule) }

    /// Compiles the rules; a bad regular expression throws naming `redact[i].path` or `.keys`.
    public init(rules: [RedactionRule]) throws {
        compiled = try rules.enumerated().map { index, rule in
            CompiledRule(
                rule: rule,
                path: try PatternSet([rule.path], field: "redact[\(index)].path"),
                keys: try PatternSet([rule.keys], field: "redact[\(index)].keys")
            )
        }
    }

    public func redacts(virtualPath: String) -> Bool {
        compiled.contains { $0.path.matches(virtualPath) }
    }

    public func redact(_ contents: [UInt8], virtualPath: String) throws -> RedactedFile {
        let applicable = compiled.filter { $0.path.matches(virtualPath) }
        guard !applicable.isEmpty else { return RedactedFile(contents: contents, redactedKeys: []) }
        var replacements: [(range: Range<Int>, path: [RedactionKeySegment])] = []
        var scanned: [RedactionFormat: [RedactionLeaf]] = [:]
        for rule in applicable {
            let format = try Self.format(of: rule.rule, virtualPath: virtualPath, contents: contents)
            if scanned[format] == nil { scanned[format] = try Self.leaves(contents, format: format, virtualPath: virtualPath) }
            for leaf in scanned[format]! where Self.isSecretCandidate(leaf) && Self.matches(leaf.path, rule.keys) {
                if !replacements.contains(where: { $0.range.overlaps(leaf.range) }) {
                    replacements.append((leaf.range, leaf.path))
                }
            }
        }
        let literal = Array(Self.quotedPlaceholder.utf8)
        let output = Self.replacing(contents, replacements.map { ($0.range, literal) })
        let keys = replacements.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { RedactionKeySegment.render($0.path) }
        return RedactedFile(contents: output, redactedKeys: keys)
    }

    public func merge(restored: [UInt8], local: [UInt8]?, virtualPath: String) throws -> MergedFile {
        let marker = Array(Self.placeholder.utf8)
        guard Self.contains(restored, marker) else { return MergedFile(contents: restored, keptLocal: [], needsReentry: []) }
        let rule = compiled.first { $0.path.matches(virtualPath) }?.rule ?? RedactionRule(path: "", keys: "")
        let format = try Self.format(of: rule, virtualPath: virtualPath, contents: restored)
        let placeholders = try Self.leaves(restored, format: format, virtualPath: virtualPath).filter { $0.text == Self.placeholder }
        var localValues: [[RedactionKeySegment]: Range<Int>] = [:]
        if let local, let localLeaves = try? Self.leaves(local, format: format, virtualPath: virtualPath) {
            for leaf in localLeaves where leaf.text != Self.placeholder && localValues[leaf.path] == nil {
                localValues[leaf.path] = leaf.range
            }
        }
        var replacements: [(Range<Int>, [UInt8])] = []
        var kept: [String] = []
        var missing: [String] = []
        for leaf in placeholders {
            if let local, let range = localValues[leaf.path] {
                replacements.append((leaf.range, Array(local[range])))
                kept.append(RedactionKeySegment.render(leaf.path))
            } else {
                missing.append(RedactionKeySegment.render(leaf.path))
            }
        }
        return MergedFile(contents: Self.replacing(restored, replacements), keptLocal: kept, needsReentry: missing)
    }

    // MARK: - Helpers

    /// The placeholder as written in every supported format: a double-quoted string.
    static var quotedPlaceholder: String { "\"" + placeholder + "\"" }

    private static func format(of rule: RedactionRule, virtualPath: String, contents: [UInt8]) throws -> RedactionFormat {
        guard let format = rule.format.resolved(virtualPath: virtualPath, contents: contents) else {
            throw RedactionError(virtualPath: virtualPath, format: .auto, reason: "the file name does not say whether it is JSON, JSON Lines, YAML, TOML or .env")
        }
        return format
    }

    static func leaves(_ contents: [UInt8], format: RedactionFormat, virtualPath: String) throws -> [RedactionLeaf] {
        do {
            switch format {
            case .json, .auto: return try JSONLeafScanner.leaves(contents)
            case .jsonl: return try JSONLeafScanner.lineLeaves(contents)
            case .yaml: return try YAMLLeafScanner.leaves(contents)
            case .toml: return try TOMLLeafScanner.leaves(contents)
            case .env: return DotEnvLeafScanner.leaves(contents)
            }
        } catch {
            let (line, column) = error.lineAndColumn(in: contents)
            throw RedactionError(virtualPath: virtualPath, format: format, reason: "\(error.reason) at line \(line), column \(column)")
        }
    }

    private static func matches(_ path: [RedactionKeySegment], _ keys: PatternSet) -> Bool {
        path.contains { segment in
            if case .key(let name) = segment { return keys.matches(name) }
            return false
        }
    }

    private static func isSecretCandidate(_ leaf: RedactionLeaf) -> Bool {
        guard leaf.kind == .string, !leaf.text.isEmpty, leaf.text != placeholder else { return false }
        return !isEnvironmentReference(leaf.text)
    }

    /// `$VAR`, `${VAR}`, `{env:VAR}`, `${env:VAR}`: a pointer to a secret, not a secret.
    static func isEnvironmentReference(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("${"), body.hasSuffix("}") {
            body = body.dropFirst(2).dropLast()
            if body.hasPrefix("env:") { body = body.dropFirst(4) }
        } else if body.hasPrefix("{env:"), body.hasSuffix("}") {
            body = body.dropFirst(5).dropLast()
        } else if body.hasPrefix("$") {
            body = body.dropFirst()
        } else {
            return false
        }
        guard let first = body.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return body.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    private static func replacing(_ contents: [UInt8], _ replacements: [(Range<Int>, [UInt8])]) -> [UInt8] {
        guard !replacements.isEmpty else { return contents }
        var output: [UInt8] = []
        output.reserveCapacity(contents.count)
        var cursor = 0
        for (range, bytes) in replacements.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            output.append(contentsOf: contents[cursor..<range.lowerBound])
            output.append(contentsOf: bytes)
            cursor = range.upperBound
        }
        output.append(contentsOf: contents[cursor...])
        return output
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
