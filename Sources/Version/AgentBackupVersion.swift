/// The one version of agent-backup: a semantic version kept here by hand (raised when a release
/// is cut, see CHANGELOG.md) plus the git commit the binary was built from, stamped at build time
/// by the `VersionStamp` plugin. `--version`, every `--json` document and the User-Agent of store
/// requests all read it from here.
public enum AgentBackupVersion {
    /// The release this source is, or leads to (`-dev` until it is cut).
    public static let semver = "0.2.0-dev"

    /// The short commit hash (12 hex digits) when built from a git checkout; nil from a source
    /// tarball or without git. A release tarball's binary keeps the commit it was built from.
    public static let commit: String? = GeneratedBuildCommit.commit

    /// True when the checkout had uncommitted changes to tracked files at build time.
    public static let modified: Bool = GeneratedBuildCommit.modified

    /// `0.2.0-dev (commit 1a2b3c4d5e6f)`, `… (commit 1a2b3c4d5e6f, modified)`, or the semver alone.
    public static var display: String {
        guard let commit else { return semver }
        return "\(semver) (commit \(commit)\(modified ? ", modified" : ""))"
    }

    /// `agent-backup/0.2.0-dev`: appended to the reference's `b2ai-<id>-backup` User-Agent so a
    /// store's logs tell the two implementations (and our versions) apart.
    public static var userAgentProduct: String { "agent-backup/\(semver)" }
}
