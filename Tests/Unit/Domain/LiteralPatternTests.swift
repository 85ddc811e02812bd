import Foundation
import Testing
@testable import AgentBackupDomain

/// The byte matcher of plain-text patterns must decide exactly as ICU does, or leave the text
/// to ICU: checked on the built-in adapters' kind of patterns and on many random ones.
@Suite struct LiteralPatternTests {
    static func icu(_ pattern: String, _ text: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern, options: [])
        return regex.firstMatch(in: text, options: [], range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    @Test func plainTextPatternsAreLiteralAndOthersAreNot() {
        #expect(LiteralPattern("^w/") == LiteralPattern(bytes: Array("w/".utf8), anchor: .start))
        #expect(LiteralPattern("-wal$")?.anchor == .end)
        #expect(LiteralPattern(#"\.db$"#)?.bytes == Array(".db".utf8))
        #expect(LiteralPattern("/cache/")?.anchor == LiteralPattern.Anchor.none)
        #expect(LiteralPattern(#"^settings\.json$"#)?.anchor == .both)
        for pattern in ["", "^", "$", #"\d+"#, "a.b", "a|b", "(x)", "[ab]", "a*", "a?", "a{2}", #"\"#, #"a\$"# + "$", #"\w"#, "a b"] {
            if pattern == #"a\$"# + "$" {
                #expect(LiteralPattern(pattern)?.bytes == Array("a$".utf8), "an escaped dollar is text")
            } else {
                #expect(LiteralPattern(pattern) == nil, "\(pattern)")
            }
        }
    }

    @Test func aFinalLineTerminatorIsLeftToICU() throws {
        let pattern = try #require(LiteralPattern(#"\.env$"#))
        #expect(pattern.found(in: "config/.env\n") == nil)
        #expect(try Self.icu(#"\.env$"#, "config/.env\n"))
        #expect(pattern.found(in: "config/.env") == true)
        #expect(LiteralPattern("^a/")?.found(in: "a/b\n") == true)
    }

    /// Random patterns from plain text, escapes and anchors against random paths holding the
    /// same pieces (and precomposed and decomposed accents, which ICU does not equate).
    @Test func decidesAsICUDoes() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "/", ".", "-", "_", "é", "e\u{301}", "db", "wal", "\u{2028}", "\n", "x"]
        let patternPieces = ["a", "b", "/", #"\."#, "-", #"\-"#, "_", "é", "e\u{301}", "db", "wal", #"\/"#]
        var checked = 0
        for _ in 0..<3000 {
            var pattern = (0..<Int.random(in: 1...3, using: &random)).map { _ in patternPieces.randomElement(using: &random)! }.joined()
            if Bool.random(using: &random) { pattern = "^" + pattern }
            if Bool.random(using: &random) { pattern += "$" }
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let literal = try #require(LiteralPattern(pattern), "\(pattern)")
            guard let found = literal.found(in: text) else { continue }
            #expect(found == (try Self.icu(pattern, text)), "pattern \(pattern.debugDescription) text \(text.debugDescription)")
            checked += 1
        }
        #expect(checked > 2000)
    }

    @Test func aPatternSetUsesItAndStillExplains() throws {
        let set = try PatternSet(["-wal$", #"\.db$"#, "^w/.*\\.json$"], field: "exclude")
        #expect(set.firstMatchingPattern("w/state.db") == #"\.db$"#)
        #expect(set.firstMatchingPattern("w/state.db-wal") == "-wal$")
        #expect(set.firstMatchingPattern("w/a.json") == "^w/.*\\.json$")
        #expect(set.firstMatchingPattern("w/a.txt") == nil)
    }
}
