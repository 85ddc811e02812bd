import Logging

/// A swift-log handler writing `agent-backup: level: message key=value` lines to stderr through
/// the `Console`, so logs never mix with the `--json` document on stdout and a progress bar is
/// cleared before each line. Used directly (no global bootstrap), so tests can capture logs.
public struct ConsoleLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    /// The name at the start of each line: `agent-backup` or the per-agent `goose-b2-backup`.
    public let programName: String
    private let console: Console

    public init(programName: String, console: Console, logLevel: Logger.Level = .info) {
        self.programName = programName
        self.console = console
        self.logLevel = logLevel
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        var line = "\(programName): \(event.level): \(event.message)"
        for key in all.keys.sorted() {
            line += " \(key)=\(all[key]!)"
        }
        console.error(line + "\n")
    }

    /// A logger for the CLI at `level`.
    public static func logger(programName: String, console: Console, level: Logger.Level) -> Logger {
        var logger = Logger(label: "agent-backup") { _ in
            ConsoleLogHandler(programName: programName, console: console, logLevel: level)
        }
        logger.logLevel = level
        return logger
    }
}
