/// Finds the values of a `.env` file: `KEY=value`, `export KEY=value`, single- or
/// double-quoted values (double-quoted ones may span lines), `#` comments.
enum DotEnvLeafScanner {
    /// Every `KEY=value` assignment, path `[KEY]`.
    static func leaves(_ bytes: [UInt8]) -> [RedactionLeaf] {
        var leaves: [RedactionLeaf] = []
        var position = 0
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func skipLine() {
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            position += 1
        }
        while position < bytes.count {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            if bytes.count - position > 7, bytes[position..<position + 7].elementsEqual("export ".utf8) {
                position += 7
                while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            }
            let keyStart = position
            while position < bytes.count, isKeyByte(bytes[position]) { position += 1 }
            let key = String(decoding: bytes[keyStart..<position], as: UTF8.self)
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard !key.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                skipLine()
                continue
            }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            let valueStart = position
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                let quote = bytes[position]
                position += 1
                var text: [UInt8] = []
                while position < bytes.count, bytes[position] != quote {
                    if quote == UInt8(ascii: "\""), bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count {
                        position += 1
                    }
                    text.append(bytes[position])
                    position += 1
                }
                position = min(position + 1, bytes.count)
                leaves.append(RedactionLeaf(path: [.key(key)], range: valueStart..<position, kind: .string, text: String(decoding: text, as: UTF8.self)))
            } else {
                var end = position
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D {
                    if bytes[end] == UInt8(ascii: "#"), end > valueStart, isSpace(bytes[end - 1]) { break }
                    end += 1
                }
                var trimmed = end
                while trimmed > valueStart, isSpace(bytes[trimmed - 1]) { trimmed -= 1 }
                leaves.append(RedactionLeaf(path: [.key(key)], range: valueStart..<trimmed, kind: .string, text: String(decoding: bytes[valueStart..<trimmed], as: UTF8.self)))
                position = end
            }
            skipLine()
        }
        return leaves
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}
