import AgentBackupTestSupport
import Foundation
import Testing

/// What one run of the built `agent-backup` printed and returned.
struct BinaryResult: CustomStringConvertible {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String

    var description: String { "exit \(exitCode)\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)" }
}

/// Runs the BUILT binary (`AGENT_BACKUP_BINARY`, set by `scripts/test`) as a child process with a
/// temporary HOME and a clean environment (no `B2_*` from the machine), like
/// ArgumentParserTestHelpers' `AssertExecuteCommand`.
final class BuiltBinary: @unchecked Sendable {
    /// Absolute path of the binary under test.
    let path: String
    let home: TemporaryDirectory
    /// The child's whole environment (HOME, PATH, TMPDIR + what a test adds).
    var environment: [String: String]

    init() throws {
        guard let path = ProcessInfo.processInfo.environment["AGENT_BACKUP_BINARY"], !path.isEmpty else {
            throw BuiltBinaryError("AGENT_BACKUP_BINARY is not set: run these tests with scripts/test (it builds agent-backup and points AGENT_BACKUP_BINARY at it)")
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BuiltBinaryError("AGENT_BACKUP_BINARY=\(path) is not an executable file: build it with `swift build` or run scripts/test")
        }
        self.path = path
        home = try TemporaryDirectory(prefix: "agent-backup-bin")
        environment = ["HOME": home.path, "PATH": "/usr/bin:/bin", "TMPDIR": NSTemporaryDirectory()]
    }

    /// `~/.config/<id>-b2-backup/config.json` in the temp HOME.
    func configPath(_ id: String = "goose") -> String { "\(home.path)/.config/\(id)-b2-backup/config.json" }

    @discardableResult
    func writeConfig(_ text: String, id: String = "goose") throws -> String {
        let file = try home.write(Array(text.utf8), to: ".config/\(id)-b2-backup/config.json")
        chmod(file, 0o600)
        return file
    }

    /// A link named `<id>-b2-backup` to the binary (the per-agent command), in the temp HOME.
    func perAgentLink(_ id: String = "goose") throws -> String {
        let link = home.path("bin/\(id)-b2-backup")
        try FileManager.default.createDirectory(atPath: home.path("bin"), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: link) {
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        }
        return link
    }

    /// Whether the run left anything in the tool's own folder (locks, store, cache).
    var toolFolderExists: Bool { FileManager.default.fileExists(atPath: home.path(".agent-backup")) }

    /// Runs `executable` (default the binary) with `arguments`; fails after `timeout` seconds.
    func run(_ arguments: [String], executable: String? = nil, timeout: Double = 60) throws -> BinaryResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable ?? path)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: home.path)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the child runs so a large output cannot block it.
        let outData = PipeReader(out.fileHandleForReading)
        let errData = PipeReader(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw BuiltBinaryError("\(arguments) did not finish within \(timeout) s")
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        return BinaryResult(
            exitCode: process.terminationStatus,
            standardOutput: String(decoding: outData.finish(), as: UTF8.self),
            standardError: String(decoding: errData.finish(), as: UTF8.self))
    }
}

/// Drains a pipe on a background thread.
final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.withLock { data = all }
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return lock.withLock { data }
    }
}

struct BuiltBinaryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
