/// One `restore --map FROM=TO`: absolute paths under `from` on the machine a snapshot was taken
/// on are `to` on this one (another home, user name or OS).
///
/// Both sides are kept as bytes and compared as bytes (never by Swift `String` equality, which
/// merges canonically equivalent names). A path is "under" `from` only at a `/` boundary:
/// `/home/al` maps `/home/al` and `/home/al/src`, never `/home/alice`.
public struct PathMapping: Sendable, Hashable, CustomStringConvertible {
    /// The old prefix, absolute, without a trailing `/`.
    public let from: [UInt8]
    /// The new prefix, absolute, without a trailing `/`.
    public let to: [UInt8]

    /// A mapping between two absolute folders. Trailing slashes are dropped; `/` alone, a
    /// relative path, a NUL byte or a `.`, `..` or empty segment is refused (`.invalidMapping`).
    public init(from: String, to: String) throws {
        self.from = try Self.checked(from, side: "FROM")
        self.to = try Self.checked(to, side: "TO")
    }

    /// Parses the `FROM=TO` argument of `--map`. The separator is the first `=` followed by `/`
    /// (TO is absolute), so a FROM folder whose name contains `=` still parses.
    public init(parsing argument: String) throws {
        let bytes = Array(argument.utf8)
        guard let split = bytes.indices.first(where: { bytes[$0] == UInt8(ascii: "=") && $0 + 1 < bytes.count && bytes[$0 + 1] == UInt8(ascii: "/") }) else {
            throw DomainError(.invalidMapping, "--map \(VirtualPath.quote(argument)) is not FROM=TO with two absolute folders, e.g. --map /home/alice=/Users/alice.")
        }
        try self.init(from: String(decoding: bytes[..<split], as: UTF8.self), to: String(decoding: bytes[(split + 1)...], as: UTF8.self))
    }

    /// The same mapping the other way round (TO back to FROM).
    public var reversed: PathMapping { PathMapping(checkedFrom: to, to: from) }

    /// `FROM=TO`, as given on the command line.
    public var description: String { Self.text(from) + "=" + Self.text(to) }

    /// `from` as text, for messages.
    public var fromText: String { Self.text(from) }
    /// `to` as text, for messages.
    public var toText: String { Self.text(to) }

    private init(checkedFrom from: [UInt8], to: [UInt8]) {
        self.from = from
        self.to = to
    }

    /// The bytes after `from` when `path` is `from` itself or lies under it (`from/…`): the
    /// empty suffix or one starting with `/`. Nil otherwise.
    public func suffix<C: Collection>(of path: C) -> C.SubSequence? where C.Element == UInt8 {
        guard path.count >= from.count, path.starts(with: from) else { return nil }
        let rest = path.dropFirst(from.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "/") else { return nil }
        return rest
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    private static func checked(_ path: String, side: String) throws -> [UInt8] {
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        let shown = VirtualPath.quote(path)
        guard bytes.first == UInt8(ascii: "/") else {
            throw DomainError(.invalidMapping, "--map \(side) \(shown) is not an absolute folder: give the whole path, e.g. /home/alice.")
        }
        guard bytes.count > 1 else {
            throw DomainError(.invalidMapping, "--map \(side) is the root folder /: map a folder below it (the home, e.g. /home/alice), or every path would move.")
        }
        guard !bytes.contains(0) else { throw DomainError(.invalidMapping, "--map \(side) \(shown) contains a NUL byte: refused.") }
        for segment in bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            if segment.isEmpty || segment.elementsEqual([UInt8(ascii: ".")]) || segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                throw DomainError(.invalidMapping, "--map \(side) \(shown) has an empty, '.' or '..' segment: give the folder's plain absolute path.")
            }
        }
        return bytes
    }
}
