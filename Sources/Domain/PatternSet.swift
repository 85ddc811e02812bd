import Foundation

/// A list of regular expressions from an adapter (JavaScript/ICU syntax, no delimiters), compiled
/// once and matched the way the reference engine's `RegExp.test` does: a pattern matches when it
/// is found anywhere in the text, not only when it spans all of it.
///
/// Immutable after init and therefore safe to share between tasks. One known difference from
/// JavaScript: ICU's `$` also matches just before a final line break, so `\\.env$` matches a
/// file named ".env" followed by a newline character (a stricter, never a looser, exclusion).
public struct PatternSet: Sendable {
    /// The source patterns, in the order given.
    public let patterns: [String]
    /// The setting the patterns came from (`include`, `exclude`…), used in error messages.
    public let field: String
    private let compiled: [CompiledPattern]

    /// Compiles every pattern; a bad one throws `.invalidPattern` naming `field[index]`, the
    /// pattern and what is wrong with it.
    public init(_ patterns: [String], field: String) throws {
        self.patterns = patterns
        self.field = field
        self.compiled = try patterns.enumerated().map { index, pattern in
            try CompiledPattern(pattern, name: "\(field)[\(index)]")
        }
    }

    /// True when there are no patterns (nothing matches).
    public var isEmpty: Bool { patterns.isEmpty }

    /// True when any pattern is found somewhere in `text` (JavaScript `RegExp.test`).
    public func matches(_ text: String) -> Bool {
        firstMatchingPattern(text) != nil
    }

    /// The first pattern found in `text`, for messages that explain a decision.
    public func firstMatchingPattern(_ text: String) -> String? {
        guard !compiled.isEmpty else { return nil }
        var range: NSRange? = nil
        for (index, pattern) in compiled.enumerated() {
            if let literal = pattern.literal, let found = literal.found(in: text) {
                if found { return patterns[index] }
                continue
            }
            let whole = range ?? NSRange(location: 0, length: (text as NSString).length)
            range = whole
            if pattern.found(in: text, range: whole) { return patterns[index] }
        }
        return nil
    }
}

/// One compiled ICU regular expression. `NSRegularExpression` is immutable and documented as
/// safe to use from several threads, which is what makes the `@unchecked Sendable` sound.
private struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
    /// The same pattern matched on bytes when it is plain text (most adapters' are).
    let literal: LiteralPattern?

    init(_ pattern: String, name: String) throws {
        literal = LiteralPattern(pattern)
        // JavaScript accepts an empty pattern (it matches everything); ICU refuses it.
        let source = pattern.isEmpty ? "(?:)" : pattern
        do {
            regex = try NSRegularExpression(pattern: source, options: [])
        } catch {
            throw DomainError(.invalidPattern, "Pattern \(name) \(VirtualPath.quote(pattern)) is not a valid regular expression (\(Self.reason(error, pattern: source))): fix it in the adapter (JavaScript/ICU syntax, no surrounding '/').")
        }
    }

    func found(in text: String, range: NSRange) -> Bool {
        regex.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Foundation's error says only "the value is invalid" on Linux; the standard library's
    /// regex parser, which reads nearly the same syntax, says what and where.
    private static func reason(_ error: any Error, pattern: String) -> String {
        do {
            _ = try Regex(pattern)
        } catch {
            return "\(error)"
        }
        return "ICU rejected it; check brackets, parentheses, escapes and quantifiers"
    }
}
