/// A regular expression that is plain text, optionally anchored by `^` and `$` (`^w/`, `-wal$`,
/// `\.db$`, `/cache/`), matched on UTF-8 bytes instead of by ICU: the walk tests every path
/// against every pattern, and ICU (through `NSString`'s UTF-16) cost more than the rest of the
/// test. Matching bytes is what ICU does for such a pattern (no canonical equivalence; a
/// literal found in valid UTF-8 starts and ends on scalar boundaries), except that ICU's `$`
/// also matches before a final line terminator: a text ending with one is left to ICU (nil).
struct LiteralPattern: Sendable, Equatable {
    enum Anchor: Sendable, Equatable { case none, start, end, both }
    let bytes: [UInt8]
    let anchor: Anchor

    init(bytes: [UInt8], anchor: Anchor) {
        self.bytes = bytes
        self.anchor = anchor
    }

    /// Nil when `pattern` is anything but escaped punctuation and characters without a meaning
    /// in a regular expression between an optional `^` and an optional `$`.
    init?(_ pattern: String) {
        var scalars = Array(pattern.unicodeScalars)
        let start = scalars.first == "^"
        if start { scalars.removeFirst() }
        var end = false
        if scalars.last == "$" && !Self.isEscaped(scalars, at: scalars.count - 1) {
            end = true
            scalars.removeLast()
        }
        var text = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                guard index + 1 < scalars.count, Self.isEscapablePunctuation(scalars[index + 1]) else { return nil }
                text.append(scalars[index + 1])
                index += 2
                continue
            }
            if Self.meta.contains(scalar) { return nil }
            text.append(scalar)
            index += 1
        }
        guard !text.isEmpty else { return nil }
        bytes = Array(String(text).utf8)
        anchor = start ? (end ? .both : .start) : (end ? .end : .none)
    }

    /// Whether the pattern is found in `text`; nil when only ICU can say (see above).
    func found(in text: String) -> Bool? {
        let utf8 = text.utf8
        if anchor == .end || anchor == .both, let last = text.unicodeScalars.last, Self.lineTerminators.contains(last) { return nil }
        switch anchor {
        case .start: return utf8.starts(with: bytes)
        case .end: return utf8.count >= bytes.count && utf8.suffix(bytes.count).elementsEqual(bytes)
        case .both: return utf8.elementsEqual(bytes)
        case .none: return Self.contains(Array(utf8), bytes)
        }
    }

    private static func contains(_ text: [UInt8], _ needle: [UInt8]) -> Bool {
        guard text.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while index <= text.count - needle.count {
            if text[index] == first && text[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    private static func isEscaped(_ scalars: [Unicode.Scalar], at position: Int) -> Bool {
        var backslashes = 0
        var index = position - 1
        while index >= 0 && scalars[index] == "\\" {
            backslashes += 1
            index -= 1
        }
        return backslashes % 2 == 1
    }

    /// ASCII punctuation, which a backslash makes literal in ICU and JavaScript alike.
    private static func isEscapablePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) && scalar.value > 0x20 && scalar.value < 0x7F
    }

    /// Characters with a meaning in ICU's syntax (outside a class), and `#` and space for safety.
    private static let meta: Set<Unicode.Scalar> = ["\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "#", " "]

    /// What ICU's `$` may match before: LF, VT, FF, CR, NEL, LS, PS.
    private static let lineTerminators: Set<Unicode.Scalar> = ["\n", "\u{0B}", "\u{0C}", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
}
