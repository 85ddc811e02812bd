/// How an agent turns an absolute path into a file or folder NAME (one path segment), so that a
/// restore under another home can compute the name the agent will look for.
public enum PathNameEncoding: String, Sendable, Codable, CaseIterable, Equatable {
    /// Claude Code's project folders (`~/.claude/projects/-home-alice-src-app`): every UTF-16
    /// code unit outside `[A-Za-z0-9]` becomes `-` (no run collapsing, so `/.x` is `--x`). A
    /// result longer than 200 units is cut to 200 and followed by `-` and the base-36 absolute
    /// value of a 32-bit hash of the whole path (`h = (h << 5) - h + unit`, wrapping). Below
    /// the cut the encoding works character by character, so a renamed prefix is a renamed name.
    case dashes
    /// Gemini CLI's legacy project folders (`~/.gemini/tmp/<hash>`): the lowercase hex SHA-256
    /// of the path's UTF-8 bytes. Nothing of the path survives: a rename needs the full path.
    case sha256

    /// Names longer than this are shortened by `dashes` (Claude Code's `MAX_SANITIZED_LENGTH`).
    public static let dashesLimit = 200

    /// The name the agent gives `path`. `sha256` is the SHA-256 function (the domain holds no
    /// cryptography; the caller passes its hasher).
    public func name(for path: [UInt8], sha256: ([UInt8]) -> [UInt8]) -> [UInt8] {
        switch self {
        case .dashes: return Self.dashes(path)
        case .sha256: return Self.hex(sha256(path))
        }
    }

    /// True when a name may have been cut and hashed, so only the full path can say what the
    /// name of a mapped path is.
    public func isShortened(_ name: [UInt8]) -> Bool {
        switch self {
        case .dashes: return name.count > Self.dashesLimit
        case .sha256: return true
        }
    }

    /// Whether `name` has the shape this encoding produces (a folder of another shape in the
    /// same place, such as Gemini CLI's newer short slugs, is not an encoded path).
    public func canProduce(_ name: [UInt8]) -> Bool {
        switch self {
        case .dashes:
            return !name.isEmpty && name.allSatisfy { Self.isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        case .sha256:
            return name.count == 64 && name.allSatisfy { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f")) }
        }
    }

    static func dashes(_ path: [UInt8]) -> [UInt8] {
        let units = Array(String(decoding: path, as: UTF8.self).utf16)
        let folded = units.map { unit -> UInt8 in
            unit < 0x80 && isAlphanumeric(UInt8(unit)) ? UInt8(unit) : UInt8(ascii: "-")
        }
        guard folded.count > dashesLimit else { return folded }
        var hash: Int32 = 0
        for unit in units { hash = (hash << 5) &- hash &+ Int32(unit) }
        return Array(folded[..<dashesLimit]) + [UInt8(ascii: "-")] + base36(Int64(hash).magnitude)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    /// JavaScript's `Number.prototype.toString(36)` of a non-negative integer.
    static func base36(_ value: UInt64) -> [UInt8] {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var value = value
        var out: [UInt8] = []
        repeat {
            out.append(digits[Int(value % 36)])
            value /= 36
        } while value > 0
        return out.reversed()
    }

    static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }
    }
}

/// Where an adapter's agent keeps names that encode paths: every entry directly inside `folder`
/// (a virtual path such as `home/projects`) is named by `encoding`.
public struct PathNameRule: Sendable, Equatable, Hashable, Codable {
    /// The virtual path of the folder holding the encoded names, without a trailing `/`.
    public var folder: String
    /// How the names are made.
    public var encoding: PathNameEncoding

    /// A rule; `folder` is checked by the adapter's validation.
    public init(folder: String, encoding: PathNameEncoding) {
        self.folder = folder
        self.encoding = encoding
    }
}
