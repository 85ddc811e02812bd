/// Lexical operations on absolute POSIX paths (no file system access): enough to compare roots
/// and join discovered folders without following links.
enum LocalPath {
    /// `path` made absolute (against `base` when relative; nil when relative and there is no
    /// base), with `//`, `.` and `..` resolved and no trailing `/`.
    static func absolute(_ path: String, relativeTo base: String?) -> String? {
        if path.hasPrefix("/") { return normalize(path) }
        guard let base, base.hasPrefix("/") else { return nil }
        return normalize(base + "/" + path)
    }

    /// Resolves `//`, `.` and `..` (never above `/`) and drops a trailing `/`.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `parent/child` (child relative).
    static func join(_ parent: String, _ child: String) -> String {
        parent.hasSuffix("/") ? parent + child : parent + "/" + child
    }

    /// True when `path` is `ancestor` or lies inside it (both normalized).
    static func isSameOrInside(_ path: String, _ ancestor: String) -> Bool {
        if path == ancestor { return true }
        if ancestor == "/" { return true }
        return path.hasPrefix(ancestor + "/")
    }

    /// The last segment, ignoring trailing slashes (and `\` for Windows-style entries).
    static func basename(_ path: String) -> String {
        var trimmed = Substring(path)
        while let last = trimmed.last, last == "/" || last == "\\" { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(where: { $0 == "/" || $0 == "\\" }) {
            return String(trimmed[trimmed.index(after: slash)...])
        }
        return String(trimmed)
    }

    /// The folder holding `path`.
    static func parent(_ path: String) -> String {
        let normalized = normalize(path)
        guard let slash = normalized.lastIndex(of: "/"), slash != normalized.startIndex else { return "/" }
        return String(normalized[..<slash])
    }
}
