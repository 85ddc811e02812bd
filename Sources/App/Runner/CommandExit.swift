/// Ends a command with an exit code after it has already said why (no further message).
public struct CommandExit: Error, Sendable, Equatable {
    public var code: CliExitCode

    public init(_ code: CliExitCode) {
        self.code = code
    }
}

/// Another run holds the single-instance lock.
public struct AlreadyRunningError: Error, Sendable, Equatable, CustomStringConvertible {
    public var lockName: String
    public var holderPid: Int32?
    public var agentID: String

    public init(lockName: String, holderPid: Int32?, agentID: String) {
        self.lockName = lockName
        self.holderPid = holderPid
        self.agentID = agentID
    }

    public var description: String {
        let pid = holderPid.map { " (pid \($0))" } ?? ""
        return "another backup of \(agentID) to the same bucket and prefix is already running\(pid); wait for it to finish or stop it (lock \(lockName))"
    }
}
