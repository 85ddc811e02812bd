import Foundation

/// What an operation hands back to the CLI: a human summary for stdout, the same as one JSON
/// document for `--json`, and the exit code it deserves (an operation that finished but with
/// failed files is never 0).
public struct OperationReport: Sendable, Equatable {
    /// One or more lines for a person (no trailing newline).
    public var text: String
    /// The `--json` document, already encoded (UTF-8, no trailing newline).
    public var json: [UInt8]
    public var exitCode: CliExitCode

    public init(text: String, json: [UInt8], exitCode: CliExitCode = .success) {
        self.text = text
        self.json = json
        self.exitCode = exitCode
    }

    /// Encodes `summary` (the engine's `Codable` summaries) with sorted keys and ISO-8601 dates.
    public init<Summary: Encodable>(text: String, summary: Summary, exitCode: CliExitCode = .success) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        self.init(text: text, json: Array(try encoder.encode(summary)), exitCode: exitCode)
    }
}
