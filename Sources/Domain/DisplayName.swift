/// How a name appears in messages: every name that differs in bytes prints differently.
///
/// Names are bytes (`café.md` precomposed and decomposed are two files on Linux), but a terminal
/// draws canonically equivalent text the same. So code points that compose with their neighbours
/// or draw nothing — combining marks, variation selectors (the U+FE0F of an emoji), conjoining
/// Hangul jamo, zero-width and bidirectional controls, singletons that normalization replaces
/// (U+212B ANGSTROM SIGN) — and control characters are shown as
/// `\u{…}` escapes; everything else as itself. `cafe\u{301}.md` and `café.md` then read apart.
public enum DisplayName {
    /// `name` with the escapes applied (no quotes).
    public static func of(_ name: String) -> String {
        escaped(name, quote: false)
    }

    /// `name` escaped and in double quotes (a `"` inside escaped too), for error messages.
    public static func quoted(_ name: String) -> String {
        "\"" + escaped(name, quote: true) + "\""
    }

    private static func escaped(_ name: String, quote: Bool) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"" where quote: out += "\\\""
            case "\0": out += "\\0"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        // Singletons such as U+212B ANGSTROM SIGN draw like their canonical twin (U+00C5).
        if scalar.properties.isFullCompositionExclusion { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .control, .surrogate, .privateUse, .unassigned:
            return true
        default:
            break
        }
        return (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value)  // variation selectors
            || (0x1100...0x11FF).contains(value) || (0xA960...0xA97F).contains(value) || (0xD7B0...0xD7FF).contains(value)  // jamo
            || (0x3164 == value) || (0xFFA0 == value)  // Hangul fillers
    }
}
