import AgentBackup
import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation

/// A temporary HOME with an optional config file, loading `Configuration` through real files.
struct ConfigTestHome {
    let directory: TemporaryDirectory
    var environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory(prefix: "agent-backup-config")
        environment = ["HOME": directory.path]
    }

    var home: String { directory.path }
    var configPath: String { Configuration.filePath(id: "goose", home: home) }

    @discardableResult
    func writeConfig(_ text: String, mode: mode_t = 0o600) throws -> String {
        let path = try directory.write(Array(text.utf8), to: ".config/goose-b2-backup/config.json")
        chmod(path, mode)
        return path
    }

    func load(_ extra: [String: String] = [:]) throws(ConfigurationError) -> Configuration {
        try Configuration.load(id: "goose", environment: environment.merging(extra) { _, new in new }, fileSystem: PosixFileSystem())
    }

    /// The error `load` throws (fails the test by returning nil when it does not throw).
    func loadError(_ extra: [String: String] = [:]) -> ConfigurationError? {
        do {
            _ = try load(extra)
            return nil
        } catch {
            return error
        }
    }
}
