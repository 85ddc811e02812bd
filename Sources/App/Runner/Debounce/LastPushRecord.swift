import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// When the last push of one agent to one bucket and prefix finished, kept in the agent's cache
/// folder (`<cacheDir>/last-push/<lock name>.json`) so that every process sees it: hooks run as
/// separate processes, often several at once. Written by atomic rename, so a reader never sees
/// half a record; a missing or damaged record only means "no push recorded" (a push runs).
public struct LastPushRecord: Sendable, Equatable, Codable {
    /// When the push finished (successfully, "no changes" included).
    public var finished: Date
    /// The process that ran it, for messages.
    public var pid: Int32

    public init(finished: Date, pid: Int32) {
        self.finished = finished
        self.pid = pid
    }

    /// The record's file for the lock name (agent, bucket, prefix) under `cacheDirectory`.
    public static func path(cacheDirectory: String, lockName: String) -> String {
        "\(cacheDirectory)/last-push/\(lockName).json"
    }

    /// The record at `path`, or nil when there is none or it cannot be read.
    public static func load(path: String, fileSystem: any FileSystem) -> LastPushRecord? {
        guard (try? fileSystem.status(path)) != nil, let bytes = try? fileSystem.readFile(path) else { return nil }
        return try? decoder.decode(LastPushRecord.self, from: Data(bytes))
    }

    /// Replaces the record at `path` (folder created 0700, file 0600, atomic rename).
    public func save(path: String, fileSystem: any FileSystem) throws {
        let folder = String(path[..<path.lastIndex(of: "/")!])
        try fileSystem.createDirectory(folder, mode: 0o700)
        try fileSystem.writeFileAtomically(path, contents: Array(try Self.encoder.encode(self)), mode: 0o600)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(isoFormatter().string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = isoFormatter().date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
            }
            return date
        }
        return decoder
    }

    /// `2026-02-09T10:04:05.123Z` (a formatter per use: it is not Sendable).
    public static func isoFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
