/// What the rules decide for one file, and why, so a dry run can explain itself.
public enum PathVerdict: Sendable, Equatable {
    /// Backed up.
    case included
    /// Matched an `exclude` pattern.
    case excluded
    /// Matched a `secretExclude` pattern: never leaves the machine, whatever else matches.
    case secret
    /// Matched no `include` pattern.
    case notIncluded

    /// True only for `.included`.
    public var isIncluded: Bool { self == .included }
}
