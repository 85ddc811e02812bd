import AgentBackupFixtures
import Foundation
import Testing

/// Runs helper programs for the crypto integration tests and finds them robustly.
enum CryptoChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` with `arguments` to completion. Stderr goes through a file so a chatty
    /// child can never block on a full pipe.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderrURL = FileManager.default.temporaryDirectory.appendingPathComponent("crypto-child-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: stderrURL.path, contents: nil) else {
            throw CryptoTestFailure("cannot create \(stderrURL.path) for a child's stderr")
        }
        defer { try? FileManager.default.removeItem(at: stderrURL) }
        let stderr = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try stderr.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: output, as: UTF8.self),
                      stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "")
    }

    /// The repository root: this file's real path (the tests may be compiled through symlinks),
    /// walked up until `scripts/independent-decoder.py` appears.
    static func repositoryRoot(filePath: String = #filePath) throws -> URL {
        var url = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("scripts/independent-decoder.py").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        throw CryptoTestFailure("cannot find the repository root (scripts/independent-decoder.py) above \(filePath)")
    }

    /// `$AGENT_BACKUP_TEST_PYTHON`, a Python with `cryptography` (set by scripts/test).
    static func python() throws -> String {
        guard let python = ProcessInfo.processInfo.environment["AGENT_BACKUP_TEST_PYTHON"], !python.isEmpty else {
            throw CryptoTestFailure("AGENT_BACKUP_TEST_PYTHON is not set: run the tests with scripts/test, which installs "
                                    + "a Python with `cryptography` and sets it")
        }
        return python
    }

    /// The built `agent-backup-bench`: `$AGENT_BACKUP_BENCH_BINARY`, else next to `$AGENT_BACKUP_BINARY`,
    /// the running test executable, or the fixtures bundle (all in the build's products folder).
    static func benchBinary() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["AGENT_BACKUP_BENCH_BINARY"], !explicit.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: explicit) else {
                throw CryptoTestFailure("AGENT_BACKUP_BENCH_BINARY=\(explicit) is not an executable file")
            }
            return explicit
        }
        var folders: [URL] = []
        if let cli = environment["AGENT_BACKUP_BINARY"] { folders.append(URL(fileURLWithPath: cli).deletingLastPathComponent()) }
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        if let main = Bundle.main.executableURL { executable = main }
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {  // macOS: products/X.xctest/Contents/MacOS/X
            folders.append(folder)
            folder.deleteLastPathComponent()
        }
        folders.append(Fixtures.root.deletingLastPathComponent().deletingLastPathComponent())
        let candidates = folders.map { $0.appendingPathComponent("agent-backup-bench").path }
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        throw CryptoTestFailure("agent-backup-bench is not built (looked for \(candidates.joined(separator: ", "))). "
                                + "Build it with `swift build` (scripts/test does) or set AGENT_BACKUP_BENCH_BINARY")
    }
}

/// A precondition of a crypto integration test is missing; the message says how to provide it.
struct CryptoTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
