import AgentBackupPorts
import Foundation

/// Everything root resolution may look at. Resolution reads nothing else (no process
/// environment, no real home), so tests build a fake home and a fake file system.
public struct AdapterEnvironment: Sendable {
    /// Environment variables (`CLAUDE_CONFIG_DIR`, `XDG_CONFIG_HOME`, `AIDER_PROJECTS`…).
    public var variables: [String: String]
    /// The user's home folder, what `~` expands to.
    public var home: String
    /// Which platform's folder conventions apply.
    public var platform: Platform
    /// Where existence is checked and discovery files are read.
    public var fileSystem: any FileSystem
    /// What a relative path from a variable is relative to (agents such as Continue resolve
    /// `CONTINUE_GLOBAL_DIR=rel` against their working directory). Nil drops relative paths.
    public var workingDirectory: String?

    /// An environment; `workingDirectory` defaults to none (relative paths are dropped).
    public init(variables: [String: String], home: String, platform: Platform, fileSystem: any FileSystem, workingDirectory: String? = nil) {
        self.variables = variables
        self.home = home
        self.platform = platform
        self.fileSystem = fileSystem
        self.workingDirectory = workingDirectory
    }

    /// This process's environment: its variables, `$HOME` (or the account's home), the current
    /// platform and working directory.
    public static func current(fileSystem: any FileSystem) -> AdapterEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return AdapterEnvironment(
            variables: variables,
            home: home,
            platform: .current,
            fileSystem: fileSystem,
            workingDirectory: FileManager.default.currentDirectoryPath
        )
    }

    /// A variable's value; an empty value counts as unset, as agents treat it.
    func value(of name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
