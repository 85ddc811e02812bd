import AgentBackupDomain
import AgentBackupPorts

/// The `PathRewriting` implementation built from an adapter's `pathFiles` rules: each file is
/// read in the format its rule names (or its name tells) with the same lossless scanners the
/// redaction uses, and only mapped path values change.
public struct PathRewriter: PathRewriting {
    private struct CompiledRule: Sendable {
        var rule: PathFileRule
        var path: PatternSet
        var keys: PatternSet?
    }

    private let compiled: [CompiledRule]

    /// The rules as given.
    public var rules: [PathFileRule] { compiled.map(\.rule) }

    /// Compiles the rules; a bad regular expression throws naming `pathFiles[i].path` or `.keys`.
    public init(rules: [PathFileRule]) throws {
        compiled = try rules.enumerated().map { index, rule in
            CompiledRule(
                rule: rule,
                path: try PatternSet([rule.path], field: "pathFiles[\(index)].path"),
                keys: try rule.keys.map { try PatternSet([$0], field: "pathFiles[\(index)].keys") })
        }
    }

    public func holdsPaths(virtualPath: String) -> Bool {
        rule(for: virtualPath) != nil
    }

    public func isIndex(virtualPath: String) -> Bool {
        rule(for: virtualPath)?.rule.index == true
    }

    public func absolutePaths(inFile path: String, virtualPath: String, fileSystem: any FileSystem) throws -> [[UInt8]] {
        let nothing = try PathMapper([])
        guard let rewriter = try fileRewriter(for: path, virtualPath: virtualPath, mapper: nothing, fileSystem: fileSystem) else { return [] }
        return try rewriter.absolutePaths(in: path)
    }

    public func rewrite(
        _ source: String, virtualPath: String, mapper: PathMapper, into destination: String, scratch: String,
        fileSystem: any FileSystem, hasher: any ContentHasher
    ) throws -> PathRewriteResult {
        guard let rewriter = try fileRewriter(for: source, virtualPath: virtualPath, mapper: mapper, fileSystem: fileSystem) else {
            return PathRewriteResult(unreadable: "its name does not say whether it is JSON, JSON Lines, YAML or TOML")
        }
        let rewrite = try rewriter.rewrite(source: source, into: destination)
        var result = PathRewriteResult(
            values: rewrite.rewritten, leftAlone: rewrite.leftAlone, unreadLines: rewrite.unreadLines, unreadable: rewrite.unreadable)
        if rewrite.rewritten > 0 {
            result.undone = try rewriter.undoDigest(of: destination, rewrite: rewrite, scratch: scratch, hasher: hasher)
        }
        return result
    }

    private func rule(for virtualPath: String) -> CompiledRule? {
        compiled.first { $0.path.matches(virtualPath) }
    }

    /// The rewriter for the file, its format from the rule, else from its name, else from its
    /// first bytes (JSON when it starts with `{` or `[`); nil when nothing tells or no rule names it.
    private func fileRewriter(for file: String, virtualPath: String, mapper: PathMapper, fileSystem: any FileSystem) throws -> PathFileRewriter? {
        guard let rule = rule(for: virtualPath) else { return nil }
        var format = rule.rule.format.resolved(virtualPath: virtualPath, contents: [])
        if format == nil {
            format = rule.rule.format.resolved(virtualPath: virtualPath, contents: try Self.head(of: file, fileSystem: fileSystem))
        }
        guard let format else { return nil }
        return PathFileRewriter(fileSystem: fileSystem, mapper: mapper, format: format, keys: rule.keys)
    }

    private struct Enough: Error {}

    /// The first bytes of `file` (what `auto` looks at), without reading the rest.
    private static func head(of file: String, fileSystem: any FileSystem) throws -> [UInt8] {
        var head: [UInt8] = []
        do {
            try fileSystem.readChunks(of: file, chunkBytes: 64) { chunk in
                head = Array(chunk.prefix(64))
                throw Enough()
            }
        } catch is Enough {}
        return head
    }
}
