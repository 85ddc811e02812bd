import AgentBackup
import AgentBackupTestSupport
import Foundation

/// What one in-process CLI run printed and returned.
struct CliResult {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `runCli` in-process with fake services and a temporary HOME.
final class CliHarness: @unchecked Sendable {
    let home: TemporaryDirectory
    let services = FakeCliServices()
    var environment: [String: String]
    var isErrorTerminal = false
    var shutdown: ShutdownSignal?

    init() throws {
        home = try TemporaryDirectory(prefix: "agent-backup-cli")
        environment = ["HOME": home.path, "PATH": "/usr/bin:/bin"]
    }

    /// The config file path for `id` under the temp HOME.
    func configPath(_ id: String = "goose") -> String {
        Configuration.filePath(id: id, home: home.path)
    }

    /// Writes the config file for `id` with `mode`.
    @discardableResult
    func writeConfig(_ text: String, id: String = "goose", mode: mode_t = 0o600) throws -> String {
        let path = try home.write(Array(text.utf8), to: ".config/\(id)-b2-backup/config.json")
        chmod(path, mode)
        return path
    }

    /// A complete B2 configuration in the environment.
    func useB2Environment() {
        environment["B2_KEY_ID"] = "kid"
        environment["B2_APPLICATION_KEY"] = "secret"
        environment["B2_BUCKET"] = "bkt"
        environment["B2_ENCRYPTION_KEY"] = "pass phrase"
    }

    func run(_ arguments: [String], programName: String = "agent-backup", executablePath: String? = "/opt/bin/agent-backup") async -> CliResult {
        let captured = CapturedConsole(isErrorTerminal: isErrorTerminal)
        let context = CliContext(
            environment: environment, console: captured.console, services: services, currentDirectory: "/work/here",
            executablePath: executablePath, handlesSignals: false, daemonShutdown: shutdown)
        let code = await runCli(arguments: [programName] + arguments, context: context)
        return CliResult(exitCode: code, standardOutput: captured.standardOutput, standardError: captured.standardError)
    }
}
