import AgentBackupDomain
import AgentBackupPorts

/// Finds the absolute path this program was started as, for a service's `ExecStart`. Keeps
/// symbolic links as they are (a `goose-b2-backup` link must stay that name, and a link in
/// `/usr/local/bin` keeps working across upgrades).
public enum ExecutableLocator {
    /// `argv0` made absolute: relative to `currentDirectory` when it has a `/`, else looked up in
    /// `PATH`. Nil when it cannot be found.
    public static func absolutePath(argv0: String, environment: [String: String], currentDirectory: String, fileSystem: any FileSystem) -> String? {
        if argv0.hasPrefix("/") { return normalized(argv0) }
        if argv0.contains("/") { return normalized(currentDirectory + "/" + argv0) }
        for directory in (environment["PATH"] ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = normalized("\(directory)/\(argv0)")
            if let status = try? fileSystem.status(candidate), status.kind == .regular || status.kind == .symlink,
               status.kind == .symlink || status.mode & 0o111 != 0 {
                return candidate
            }
        }
        return nil
    }

    /// Removes `.` segments, empty segments and resolves `..` lexically.
    public static func normalized(_ path: String) -> String {
        LocalPath.normalize(path)
    }
}
