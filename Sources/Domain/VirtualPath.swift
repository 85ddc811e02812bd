/// A file's name inside the backup namespace: `<label>/<path inside the root>`, `/`-separated.
///
/// Manifests come from a bucket that anyone with the key can write, so every path is checked
/// before it can reach the file system: no `..`, `.` or empty segment, no absolute path, no NUL,
/// no backslash (a Windows separator). Equality and order are by UTF-8 bytes, like object keys,
/// so `é` written precomposed and decomposed are two different paths here.
public struct VirtualPath: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The whole path, e.g. `config/settings.json`.
    public let string: String

    /// Parses and checks `<label>/<relative>`; at least two segments are required.
    public init(_ string: String) throws {
        try Self.check(string)
        self.string = string
    }

    /// A name as a manifest lists it, not yet checked: manifests come from the bucket, and one
    /// unsafe name must be reported by `validate()` (naming it) before anything touches the disk.
    init(unchecked string: String) {
        self.string = string
    }

    /// Throws the refusal `init(_:)` would throw when this name is not a safe `<label>/<path>`.
    public func validate() throws {
        try Self.check(string)
    }

    /// Joins a root label and a `/`-separated path inside that root, checking both.
    public init(label: String, relative: String) throws {
        if label.isEmpty {
            throw DomainError(.invalidPath, "Virtual path label is empty (relative path \(Self.quote(relative))): give every root a non-empty label.")
        }
        if label.utf8.contains(UInt8(ascii: "/")) {
            throw DomainError(.invalidPath, "Virtual path label \(Self.quote(label)) contains '/': a label must be a single path segment.")
        }
        try self.init(label + "/" + relative)
    }

    /// The first segment: the label of the root this file belongs to.
    public var label: String {
        String(string[..<string.utf8.firstIndex(of: UInt8(ascii: "/"))!])
    }

    /// Everything after the label: the path inside the root, `/`-separated.
    public var relative: String {
        let slash = string.utf8.firstIndex(of: UInt8(ascii: "/"))!
        return String(string[string.utf8.index(after: slash)...])
    }

    /// All segments, label first.
    public var segments: [String] {
        Self.byteSegments(string).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last segment (the file name).
    public var name: String { segments.last! }

    /// The name for messages: control characters, combining marks, variation selectors and
    /// other invisible or composing code points escaped (`cafe\u{301}.md`), so two names that
    /// differ in bytes never print alike (see `DisplayName`).
    public var description: String { DisplayName.of(string) }

    /// Byte equality: canonically equivalent but differently encoded names are different files.
    public static func == (lhs: VirtualPath, rhs: VirtualPath) -> Bool {
        // On the contiguous bytes: dictionaries of a scan's paths compare keys all the time, and
        // iterating two UTF8Views element by element cost more than the rest of a lookup.
        guard lhs.string.utf8.count == rhs.string.utf8.count else { return false }
        return lhs.withBytes { x in rhs.withBytes { y in x.elementsEqual(y) } }
    }

    /// The UTF-8 bytes, borrowed in place for a native string (no copy of the string, so no
    /// retain and release of its storage on every dictionary probe: a quarter of a 100,000-file
    /// no-change push went to those), else from a contiguous copy.
    @inline(__always)
    private func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = string
        return copy.withUTF8(body)
    }

    /// Hashes the UTF-8 bytes, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Decodes a path string, refusing it exactly as `init(_:)` does.
    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as the plain path string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    /// UTF-8 byte order, the order of object keys and of manifest files.
    public static func < (lhs: VirtualPath, rhs: VirtualPath) -> Bool {
        lhs.withBytes { x in rhs.withBytes { y in x.lexicographicallyPrecedes(y) } }
    }

    /// Throws unless `string` is a safe `<label>/<path>`.
    private static func check(_ string: String) throws {
        if isPlainlyValid(string) { return }
        try explainRefusal(string)
    }

    /// The check in one pass over the bytes without allocating (every path of a scan goes
    /// through it): true when `string` passes every rule of `explainRefusal`.
    static func isPlainlyValid(_ string: String) -> Bool {
        var copy = string
        return copy.withUTF8 { bytes in
            let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
            guard let first = bytes.first, first != slash, bytes.last != slash else { return false }
            var slashes = 0
            var segmentStart = 0
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : slash
                if byte == 0 || byte == UInt8(ascii: "\\") { return false }
                guard byte == slash else { continue }
                let length = index - segmentStart
                if length == 0 { return false }
                if bytes[segmentStart] == dot && (length == 1 || (length == 2 && bytes[segmentStart + 1] == dot)) { return false }
                if index < bytes.count { slashes += 1 }
                segmentStart = index + 1
            }
            return slashes > 0
        }
    }

    /// Throws the message for the first rule `string` breaks.
    static func explainRefusal(_ string: String) throws {
        // Quoted only for a message: quoting looks up Unicode properties of every scalar, which
        // for every path of a scan cost more than the rest of the check.
        var shown: String { quote(string) }
        if string.isEmpty {
            throw DomainError(.invalidPath, "Virtual path is empty: expected <label>/<path>.")
        }
        if string.utf8.contains(0) {
            throw DomainError(.invalidPath, "Virtual path \(shown) contains a NUL byte: refused.")
        }
        if string.utf8.contains(UInt8(ascii: "\\")) {
            throw DomainError(.invalidPath, "Virtual path \(shown) contains a backslash: only '/' separates segments; refused.")
        }
        if string.utf8.first == UInt8(ascii: "/") {
            throw DomainError(.invalidPath, "Virtual path \(shown) is absolute: expected <label>/<path> with no leading '/'.")
        }
        // Split on the byte '/', as the file system does: a '/' followed by a combining mark is
        // one Character to Swift but still a separator on disk.
        let parts = byteSegments(string)
        if parts.count < 2 {
            throw DomainError(.invalidPath, "Virtual path \(shown) has no '/' after its label: expected <label>/<path>.")
        }
        for (index, part) in parts.enumerated() {
            let what = index == 0 ? "label" : "segment \(index + 1)"
            if part.isEmpty {
                throw DomainError(.invalidPath, "Virtual path \(shown) has an empty \(what) (a doubled, leading or trailing '/'): refused.")
            }
            if part.elementsEqual([UInt8(ascii: ".")]) || part.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                let dots = String(decoding: part, as: UTF8.self)
                throw DomainError(.invalidPath, "Virtual path \(shown) has a '\(dots)' \(what): paths may not step outside their root; refused.")
            }
        }
    }

    /// The byte ranges between '/' bytes, empty ones kept.
    static func byteSegments(_ string: String) -> [Substring.UTF8View] {
        string.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    }

    /// Quotes a path for an error message (`DisplayName.quoted`).
    static func quote(_ string: String) -> String {
        DisplayName.quoted(string)
    }
}

