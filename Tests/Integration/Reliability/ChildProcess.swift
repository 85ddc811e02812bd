import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended, and what it printed.
struct ChildResult: CustomStringConvertible {
    /// The exit code, or nil when a signal ended it.
    var exitCode: Int32?
    /// The signal that ended it, or nil when it exited.
    var signal: Int32?
    var standardOutput: String
    var standardError: String
    var duration: Duration

    /// The JSON document on stdout (`--json`), or nil.
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(standardOutput.utf8))) as? [String: Any]
    }

    var description: String {
        let end = exitCode.map { "exit \($0)" } ?? "signal \(signal ?? -1)"
        return "\(end) after \(duration)\n--- stdout\n\(standardOutput.suffix(4000))\n--- stderr\n\(standardError.suffix(6000))"
    }
}

/// A child process started with a clean environment; output read on background threads so a
/// chatty child never blocks; waited for without blocking Swift concurrency threads; killable.
final class ChildProcess: @unchecked Sendable {
    private let process: Process
    private let output: PipeCollector
    private let errors: PipeCollector
    private let started = ContinuousClock.now
    let arguments: [String]

    /// The child's process id.
    var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    var isRunning: Bool { process.isRunning }

    /// Starts `executable` with `arguments`, exactly `environment`, in `directory`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], directory: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        self.arguments = [executable] + arguments
        try process.run()
        output = PipeCollector(out.fileHandleForReading)
        errors = PipeCollector(err.fileHandleForReading)
    }

    /// Sends `signal` (SIGKILL by default) if it still runs.
    func kill(_ signal: Int32 = SIGKILL) {
        if process.isRunning { sendSignal(process.processIdentifier, signal) }
    }

    /// Waits until it ends; `timeout` after this call it is killed and the wait throws.
    func wait(timeout: Duration) async throws -> ChildResult {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill()
                while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
                let text = String(decoding: await errors.finish(), as: UTF8.self)
                throw ChildProcessError(
                    "\(arguments.joined(separator: " ")) did not finish within \(timeout); stderr:\n\(text.suffix(4000))")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        let exited = process.terminationReason == .exit
        return ChildResult(
            exitCode: exited ? process.terminationStatus : nil, signal: exited ? nil : process.terminationStatus,
            standardOutput: String(decoding: await output.finish(), as: UTF8.self),
            standardError: String(decoding: await errors.finish(), as: UTF8.self),
            duration: ContinuousClock.now - started)
    }
}

/// `kill(2)`, outside `ChildProcess` whose `kill` method would shadow it.
private func sendSignal(_ pid: Int32, _ signal: Int32) {
    _ = kill(pid, signal)
}

/// Reads a pipe to its end on a background thread (not a Swift concurrency thread).
final class PipeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            let all = handle.readDataToEndOfFile()
            lock.withLock { data = all }
        }
    }

    /// Everything read, once the writer closed the pipe (waits without blocking a thread).
    func finish() async -> Data {
        while true {
            if let done = lock.withLock({ data }) { return done }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// A child process could not be run or did not finish.
struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
