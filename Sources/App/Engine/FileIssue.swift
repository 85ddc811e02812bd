import AgentBackupDomain

/// One file an operation could not handle, and why (reported, never silently skipped).
public struct FileIssue: Sendable, Codable, Equatable {
    /// The virtual path (or the local path when no virtual path could be made).
    public var path: String
    /// What went wrong, with the system's reason.
    public var message: String

    /// An issue with `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The path for messages (`DisplayName`): names that differ in bytes never print alike.
    public var shownPath: String { DisplayName.of(path) }
}
