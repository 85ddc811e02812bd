/// One backup run, as the daemon sees it: the runner decides nothing about time.
public protocol BackupRunning: Sendable {
    /// Restore-if-empty at start (see `AgentOperations.restoreIfEmpty`); returns a log line or nil.
    func restoreIfEmpty() async throws -> String?
    /// One push; returns a one-line summary for the log.
    func push() async throws -> String
}

/// Runs the daemon's work through `AgentOperations`.
public struct OperationsBackupRunner: BackupRunning {
    public let operations: any AgentOperations

    public init(operations: any AgentOperations) {
        self.operations = operations
    }

    public func restoreIfEmpty() async throws -> String? {
        try await operations.restoreIfEmpty()?.text
    }

    public func push() async throws -> String {
        let report = try await operations.push()
        guard report.exitCode == .success else {
            throw OperationFailure(exitCode: report.exitCode, message: report.text)
        }
        return report.text
    }
}

/// An operation finished but reported failures (some files failed, integrity problems).
public struct OperationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var exitCode: CliExitCode
    public var message: String

    public init(exitCode: CliExitCode, message: String) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message }
}
