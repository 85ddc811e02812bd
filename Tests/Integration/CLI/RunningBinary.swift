import Foundation

/// A started child process of the binary (the daemon), with its output collected.
final class RunningBinary: @unchecked Sendable {
    let process: Process
    private let out: PipeReader
    private let err: PipeReader

    init(process: Process, out: Pipe, err: Pipe) {
        self.process = process
        self.out = PipeReader(out.fileHandleForReading)
        self.err = PipeReader(err.fileHandleForReading)
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGTERM, SIGKILL…).
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the exit, at most `timeout` seconds (then kills it and throws).
    func wait(timeout: Double) throws -> BinaryResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                send(SIGKILL)
                process.waitUntilExit()
                throw BuiltBinaryError("the process did not exit within \(timeout) s; stderr:\n\(String(decoding: err.finish(), as: UTF8.self))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        return BinaryResult(
            exitCode: process.terminationStatus,
            standardOutput: String(decoding: out.finish(), as: UTF8.self),
            standardError: String(decoding: err.finish(), as: UTF8.self))
    }
}

extension BuiltBinary {
    /// Starts the binary in the background (the caller must `wait` or kill it).
    func start(_ arguments: [String], executable: String? = nil) throws -> RunningBinary {
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
        return RunningBinary(process: process, out: out, err: err)
    }

    /// Polls `condition` every 0.2 s for at most `timeout` seconds.
    func eventually(timeout: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw BuiltBinaryError("timed out after \(timeout) s waiting for \(what)")
    }
}
