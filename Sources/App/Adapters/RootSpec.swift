/// How to find one root (or, with discovery, a family of roots) of an agent.
public struct RootSpec: Sendable, Equatable {
    /// Where the root comes from.
    public enum Source: Sendable, Equatable {
        /// A folder, walked recursively.
        case directory(PathCandidates)
        /// A single file (`~/.claude.json`), backed up as `<label>/<basename>`.
        case file(PathCandidates)
        /// Folders found at run time; `label` is then the prefix of their labels.
        case discover(Discovery)
    }

    /// The label (first segment of every virtual path), or for discovery the label prefix.
    public var label: String
    /// Where the root comes from.
    public var source: Source
    /// The root is left out when any of these variables is set: `~/.claude.json` moves inside
    /// `CLAUDE_CONFIG_DIR` when that is set, so the separate root would be stale.
    public var unlessSet: [String]
    /// The root is left out when its path is, or is inside, the path of one of these earlier
    /// roots (by label): an optional extra folder that defaults to the main one must not be
    /// backed up twice.
    public var unlessInside: [String]

    /// A root.
    public init(label: String, source: Source, unlessSet: [String] = [], unlessInside: [String] = []) {
        self.label = label
        self.source = source
        self.unlessSet = unlessSet
        self.unlessInside = unlessInside
    }

    /// A folder root.
    public static func directory(_ label: String, _ candidates: PathCandidates, unlessSet: [String] = [], unlessInside: [String] = []) -> RootSpec {
        RootSpec(label: label, source: .directory(candidates), unlessSet: unlessSet, unlessInside: unlessInside)
    }

    /// A single-file root.
    public static func file(_ label: String, _ candidates: PathCandidates, unlessSet: [String] = [], unlessInside: [String] = []) -> RootSpec {
        RootSpec(label: label, source: .file(candidates), unlessSet: unlessSet, unlessInside: unlessInside)
    }

    /// Discovered roots labelled `<labelPrefix><name>`.
    public static func discover(labelPrefix: String, _ discovery: Discovery, unlessSet: [String] = [], unlessInside: [String] = []) -> RootSpec {
        RootSpec(label: labelPrefix, source: .discover(discovery), unlessSet: unlessSet, unlessInside: unlessInside)
    }

    /// True for discovery specs, whose `label` is a prefix.
    public var isDiscovery: Bool {
        if case .discover = source { return true }
        return false
    }
}
