import Foundation

/// A child process (python3) that `flock`s a file like another agent-backup run would: it takes
/// `LOCK_EX|LOCK_NB`, writes its pid into the file, prints "locked <pid>", then sleeps.
final class LocalLockHolderProcess {
    let process = Process()
    private let output = Pipe()
    /// The pid the child wrote into the lock file.
    private(set) var pid: Int32 = 0

    private static let script = """
        import fcntl, os, sys, time
        f = open(sys.argv[1], 'a+')
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        f.truncate(0); f.write(str(os.getpid()) + "\\n"); f.flush()
        print("locked", os.getpid(), flush=True)
        time.sleep(60)
        """

    /// The python to run: `AGENT_BACKUP_TEST_PYTHON` (set by scripts/test), else `python3` on PATH.
    private static var python: (String, [String]) {
        if let configured = ProcessInfo.processInfo.environment["AGENT_BACKUP_TEST_PYTHON"], !configured.isEmpty {
            return (configured, [])
        }
        return ("/usr/bin/env", ["python3"])
    }

    /// Starts the child and waits until it holds the lock on `path`; throws when it could not.
    init(locking path: String) throws {
        let (executable, prefix) = Self.python
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = prefix + ["-c", Self.script, path]
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0] == "locked", let pid = Int32(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop()
            throw LocalLockHolderFailure(message: "the lock-holding child did not lock \(path); it printed \(text.debugDescription)")
        }
        self.pid = pid
    }

    /// Kills the child (SIGKILL: as if it crashed) and waits for it to exit.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

struct LocalLockHolderFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
