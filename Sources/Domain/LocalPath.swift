/// Lexical operations on absolute POSIX paths (no file system access), on their UTF-8 bytes: a
/// `/` is the byte 0x2F whatever follows it (Swift's `Character` would merge `/` with a combining
/// mark after it), and names are compared byte for byte, never normalized.
public enum LocalPath {
    private static let slash = UInt8(ascii: "/")

    /// `path` made absolute (against `base` when relative; nil when relative and there is no
    /// base), with `//`, `.` and `..` resolved and no trailing `/`.
    public static func absolute(_ path: String, relativeTo base: String?) -> String? {
        if path.utf8.first == slash { return normalize(path) }
        guard let base, base.utf8.first == slash else { return nil }
        return normalize(base + "/" + path)
    }

    /// Resolves `//`, `.` and `..` (never above `/`) and drops a trailing `/`.
    public static func normalize(_ path: String) -> String {
        var parts: [Substring.UTF8View] = []
        for part in path.utf8.split(separator: slash, omittingEmptySubsequences: true) {
            if part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
    }

    /// `path` without trailing `/` (`/` itself stays).
    public static func trimmed(_ path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == slash { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `parent/child` (child relative).
    public static func join(_ parent: String, _ child: String) -> String {
        parent.utf8.last == slash ? parent + child : parent + "/" + child
    }

    /// True when `path` is `ancestor` or lies inside it, by bytes (both normalized or trimmed).
    public static func isSameOrInside(_ path: String, _ ancestor: String) -> Bool {
        if path.utf8.elementsEqual(ancestor.utf8) || ancestor == "/" { return true }
        return isInside(path, root: ancestor)
    }

    /// True when `path` lies strictly inside the folder `root` (`root/…`), by bytes.
    public static func isInside(_ path: String, root: String) -> Bool {
        let prefix = root.utf8.last == slash ? Array(root.utf8) : Array(root.utf8) + [slash]
        return path.utf8.count > prefix.count && path.utf8.starts(with: prefix)
    }

    /// The last segment, ignoring trailing slashes (and `\` for Windows-style entries).
    public static func basename(_ path: String) -> String {
        var bytes = Array(path.utf8)
        while let last = bytes.last, last == slash || last == UInt8(ascii: "\\") { bytes.removeLast() }
        if let cut = bytes.lastIndex(where: { $0 == slash || $0 == UInt8(ascii: "\\") }) {
            bytes = Array(bytes[(cut + 1)...])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folder holding `path` (lexically; `/` for a top-level entry).
    public static func parent(_ path: String) -> String {
        let bytes = Array(trimmed(path).utf8)
        guard let cut = bytes.lastIndex(of: slash) else { return "." }
        return cut == 0 ? "/" : String(decoding: bytes[..<cut], as: UTF8.self)
    }
}
