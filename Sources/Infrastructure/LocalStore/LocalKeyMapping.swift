/// The reversible mapping between object keys and relative paths in a local folder store.
///
/// A key is split at every `/`; each segment becomes one file or folder name:
/// - `%`, NUL, other control bytes and DEL are percent-encoded (`%25`, `%00`, …); every other byte,
///   unicode included, stays as it is, so a store of plain keys reads like the bucket would;
/// - `.` and `..` become `%2E` and `%2E%2E`; an empty segment (from `a//b`, a leading or trailing
///   `/`) becomes `%`;
/// - a name longer than 255 bytes is split into folders of up to 240 bytes ending in `%+`
///   ("continued in the child").
/// No name can escape the store folder, every key has exactly one path, and names this mapping
/// cannot produce (temporary files `%tmp-…`, foreign files) are never listed.
enum LocalKeyMapping {
    /// The longest name written as one file or folder.
    static let maxNameBytes = 255
    /// Chunk size for longer names (plus the `%+` marker).
    static let chunkBytes = 240
    /// Ends a folder name that holds the rest of the same segment.
    static let continuationMarker: [UInt8] = Array("%+".utf8)
    /// Starts the name of a temporary file (not a valid escape, so never a key's name).
    static let temporaryPrefix = "%tmp-"

    /// The relative path components of `key` (each non-empty, never `.`/`..`, no `/` or NUL).
    static func components(of key: String) -> [String] {
        let segments = key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return segments.flatMap { names(forSegment: Array($0)) }
    }

    /// The components of one segment: one name, or continuation folders then the last chunk.
    static func names(forSegment segment: [UInt8]) -> [String] {
        let encoded = encode(segment)
        guard encoded.count > maxNameBytes else { return [String(decoding: encoded, as: UTF8.self)] }
        var names: [String] = []
        var start = 0
        while encoded.count - start > maxNameBytes {
            let end = chunkEnd(encoded, from: start)
            names.append(String(decoding: encoded[start..<end] + continuationMarker, as: UTF8.self))
            start = end
        }
        names.append(String(decoding: encoded[start...], as: UTF8.self))
        return names
    }

    /// The encoded name of one whole segment (before any split).
    static func encode(_ segment: [UInt8]) -> [UInt8] {
        if segment.isEmpty { return [UInt8(ascii: "%")] }
        if segment == [UInt8(ascii: ".")] { return Array("%2E".utf8) }
        if segment == [UInt8(ascii: "."), UInt8(ascii: ".")] { return Array("%2E%2E".utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(segment.count)
        for byte in segment {
            if byte == UInt8(ascii: "%") || byte < 0x20 || byte == 0x7F {
                out += [UInt8(ascii: "%"), hexDigit(byte >> 4), hexDigit(byte & 0x0F)]
            } else {
                out.append(byte)
            }
        }
        return out
    }

    /// The segment bytes a name stands for, or nil when this mapping would not have produced the
    /// name (temporary and foreign files). A continuation folder's name is decoded without its marker.
    static func decode(_ name: [UInt8]) -> [UInt8]? {
        if name == [UInt8(ascii: "%")] { return [] }
        var out: [UInt8] = []
        var i = 0
        while i < name.count {
            let byte = name[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < name.count, let high = hexValue(name[i + 1]), let low = hexValue(name[i + 2]) else {
                    return nil
                }
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    /// Whether a folder name is a continuation folder (`…%+`).
    static func isContinuation(_ name: [UInt8]) -> Bool {
        name.count > continuationMarker.count && name.suffix(continuationMarker.count).elementsEqual(continuationMarker)
    }

    /// Where to cut `encoded` after `start`: at most `chunkBytes` on, never inside an escape or a
    /// UTF-8 sequence (names stay valid UTF-8).
    static func chunkEnd(_ encoded: [UInt8], from start: Int) -> Int {
        var end = min(start + chunkBytes, encoded.count)
        while end > start + 1 {
            let insideEscape = encoded[end - 1] == UInt8(ascii: "%") || (end >= 2 && encoded[end - 2] == UInt8(ascii: "%"))
            let insideCharacter = encoded[end] & 0xC0 == 0x80
            if !insideEscape && !insideCharacter { break }
            end -= 1
        }
        return end
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    /// Upper-case hex only: `%2e` is not a name this mapping writes.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
