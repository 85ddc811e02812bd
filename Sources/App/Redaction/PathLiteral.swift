import AgentBackupDomain

/// A scalar as written in a file (quotes and escapes included), and how to write it again with
/// a mapped path in front while keeping the rest of its bytes exactly as they were.
///
/// When the literal spells the old prefix plainly, only those bytes change and the new prefix is
/// escaped in the literal's own style. JSON, whose escapes the parser resolves exactly, is
/// otherwise written again whole; YAML and TOML literals that spell the prefix with escapes, and
/// multi-line or block scalars, are left alone (the caller reports them).
struct PathLiteral {
    let raw: [UInt8]
    let format: PathFileFormat

    /// The literal with `mapping.from` replaced by `mapping.to`; `mapped` is the whole new path.
    func replacingPrefix(_ mapping: PathMapping, mapped: [UInt8]) -> [UInt8]? {
        guard let first = raw.first else { return nil }
        guard first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else { return replacingPlain(mapping, mapped: mapped) }
        let quote = first
        guard raw.count >= 2, raw.last == quote, !isMultiLine else { return nil }
        let content = raw[1..<(raw.count - 1)]
        if content.starts(with: mapping.from), isPlainInside(mapping.from, quote: quote), let to = escaped(mapping.to, quote: quote) {
            return [quote] + to + content.dropFirst(mapping.from.count) + [quote]
        }
        if format == .json || format == .jsonl || (quote == UInt8(ascii: "'") && content.starts(with: mapping.from) && isPlainInside(mapping.from, quote: quote)) {
            // JSON decodes exactly: write the whole value again. A TOML/YAML single-quoted value
            // whose new prefix cannot be written single-quoted becomes double-quoted.
            let text = format == .json || format == .jsonl ? mapped : mapping.to + unquotedSingle(content.dropFirst(mapping.from.count))
            let doubleQuote = format == .json || format == .jsonl ? quote : UInt8(ascii: "\"")
            return escaped(text, quote: doubleQuote).map { [doubleQuote] + $0 + [doubleQuote] }
        }
        return nil
    }

    /// TOML `"""…"""` / `'''…'''` strings.
    private var isMultiLine: Bool {
        format == .toml && raw.count >= 6 && raw[0] == raw[1] && raw[1] == raw[2]
    }

    /// A plain YAML scalar or a `text` file: the bytes are the value.
    private func replacingPlain(_ mapping: PathMapping, mapped: [UInt8]) -> [UInt8]? {
        guard raw.starts(with: mapping.from) else { return nil }
        switch format {
        case .text:
            return mapping.to + raw.dropFirst(mapping.from.count)
        case .yaml:
            if raw.first == UInt8(ascii: "|") || raw.first == UInt8(ascii: ">") || raw.contains(0x0A) { return nil }
            let special = Array(":#,[]{}\"'&*!|>%@`".utf8)
            if mapping.to.allSatisfy({ $0 >= 0x20 && $0 != 0x7F && !special.contains($0) }), mapping.to.last != 0x20 {
                return mapping.to + raw.dropFirst(mapping.from.count)
            }
            return escaped(mapped, quote: UInt8(ascii: "\"")).map { [UInt8(ascii: "\"")] + $0 + [UInt8(ascii: "\"")] }
        default:
            return nil
        }
    }

    /// True when `bytes` appear as themselves inside this kind of quote (no escape needed).
    private func isPlainInside(_ bytes: [UInt8], quote: UInt8) -> Bool {
        bytes.allSatisfy { $0 >= 0x20 && $0 != quote && $0 != UInt8(ascii: "\\") }
    }

    /// `''` → `'` in a YAML single-quoted string (TOML literal strings have no escapes).
    private func unquotedSingle(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard format == .yaml else { return Array(bytes) }
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            out.append(bytes[index])
            index += bytes[index] == UInt8(ascii: "'") && index + 1 < bytes.endIndex && bytes[index + 1] == UInt8(ascii: "'") ? 2 : 1
        }
        return out
    }

    /// `bytes` written inside `quote` in this format, or nil when they cannot be (a TOML literal
    /// string has no escapes).
    private func escaped(_ bytes: [UInt8], quote: UInt8) -> [UInt8]? {
        if quote == UInt8(ascii: "'") && format != .json && format != .jsonl {
            if format == .toml { return bytes.contains { $0 == quote || ($0 < 0x20 && $0 != 0x09) } ? nil : bytes }
            // YAML single quotes: a quote is doubled; no other escapes exist.
            guard !bytes.contains(where: { $0 < 0x20 }) else { return nil }
            return bytes.flatMap { $0 == quote ? [quote, quote] : [$0] }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            switch byte {
            case quote, UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            default:
                if byte < 0x20 || (byte == 0x7F && format == .toml) {
                    let digits = Array("0123456789abcdef".utf8)
                    out += Array("\\u00".utf8) + [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
                } else {
                    out.append(byte)
                }
            }
        }
        return out
    }
}
