import Foundation

/// Says what is wrong with a regular expression, and where, for messages such as
/// `exclude[2]: invalid regular expression "(foo" — missing closing parenthesis at offset 4 for
/// the group opened at offset 0`.
///
/// Validity is decided by ICU (`NSRegularExpression`), the engine that will match the pattern.
/// ICU on Linux reports only "invalid"; the position comes from a small scan of the pattern's
/// structure, and the reason, when the scan finds nothing, from the standard library's parser.
enum RegexDiagnosis {
    /// Nil when ICU accepts `pattern` (the empty pattern is accepted, as in JavaScript),
    /// otherwise the reason with its character offset when known.
    static func problem(in pattern: String) -> String? {
        guard !pattern.isEmpty else { return nil }
        if (try? NSRegularExpression(pattern: pattern)) != nil { return nil }
        if let structural = structuralProblem(in: Array(pattern)) { return structural }
        do {
            _ = try Regex(pattern)
        } catch {
            return "\(error)"
        }
        return "not accepted by the ICU regular expression engine (JavaScript-style syntax without delimiters is expected)"
    }

    private static func structuralProblem(in characters: [Character]) -> String? {
        var openGroups: [Int] = []
        var classStart: Int?
        var index = 0
        // Whether a quantifier here would have something to repeat.
        var canRepeat = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                guard index + 1 < characters.count else { return "trailing backslash at offset \(index) (escape it as \\\\)" }
                index += 2
                canRepeat = true
                continue
            }
            if let start = classStart {
                // `]` right after `[` or `[^` is a literal in ICU.
                let first = start + 1 + (start + 1 < characters.count && characters[start + 1] == "^" ? 1 : 0)
                if character == "]", index > first { classStart = nil; canRepeat = true }
                index += 1
                continue
            }
            switch character {
            case "[":
                classStart = index
            case "(":
                openGroups.append(index)
                canRepeat = false
                if index + 1 < characters.count, characters[index + 1] == "?" { index += 1 }
                index += 1
                continue
            case ")":
                guard openGroups.popLast() != nil else { return "unmatched closing parenthesis at offset \(index)" }
                canRepeat = true
            case "|":
                canRepeat = false
            case "*", "+", "?":
                if !canRepeat { return "quantifier '\(character)' has nothing to repeat at offset \(index)" }
                // A lazy or possessive suffix (`*?`, `++`) is part of the same quantifier.
                if index + 1 < characters.count, characters[index + 1] == "?" || characters[index + 1] == "+" { index += 1 }
                canRepeat = false
            case "{":
                if let close = characters[index...].firstIndex(of: "}") {
                    let body = String(characters[(index + 1)..<close])
                    let bounds = body.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
                    if bounds.count == 2, let low = bounds[0], let high = bounds[1], low > high {
                        return "quantifier {\(body)} at offset \(index) has its minimum above its maximum"
                    }
                    if !canRepeat, bounds.first.flatMap({ $0 }) != nil { return "quantifier '{\(body)}' has nothing to repeat at offset \(index)" }
                }
                canRepeat = false
            default:
                canRepeat = true
            }
            index += 1
        }
        if let start = classStart { return "missing closing ] for the character class opened at offset \(start)" }
        // The end is where the engine gives up; the unclosed group is where the typo usually is.
        if let open = openGroups.last { return "missing closing parenthesis at offset \(characters.count) for the group opened at offset \(open)" }
        return nil
    }
}
