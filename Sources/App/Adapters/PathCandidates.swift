/// Where a root may be, in order of preference: the first candidate that exists is used.
///
/// Each candidate is a path template (see `PathTemplate`): `~`, `$VAR`, `${VAR}` and
/// `${VAR:-default}` are expanded, and a candidate naming an unset variable without a default
/// is skipped. In JSON: a string, a list of strings, or `{"linux": …, "macos": …}` when the
/// place differs by platform (a platform left out has no candidates).
public enum PathCandidates: Sendable, Equatable {
    /// The same candidates on every platform.
    case anywhere([String])
    /// Candidates per platform.
    case byPlatform(linux: [String], macOS: [String])

    /// The candidates that apply on `platform`, in order.
    public func candidates(on platform: Platform) -> [String] {
        switch self {
        case .anywhere(let list): return list
        case .byPlatform(let linux, let macOS): return platform == .linux ? linux : macOS
        }
    }

    /// Every template, whatever the platform (for validation).
    var allTemplates: [String] {
        switch self {
        case .anywhere(let list): return list
        case .byPlatform(let linux, let macOS): return linux + macOS
        }
    }
}

extension PathCandidates: ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// One candidate on every platform.
    public init(stringLiteral value: String) {
        self = .anywhere([value])
    }

    /// Several candidates on every platform, first existing wins.
    public init(arrayLiteral elements: String...) {
        self = .anywhere(elements)
    }
}
