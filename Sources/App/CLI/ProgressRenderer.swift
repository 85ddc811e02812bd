import AgentBackupPorts
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupDomain

/// Turns `ProgressEvent`s into one status line (`upload  3/12 files  4.1 MB/10.0 MB  2.0 MB/s  ETA 3s`,
/// then `2 retries (3s waiting)` once a store request had to be retried).
/// A plain value with the time passed in, so the text is tested without a terminal or a clock.
public struct ProgressRenderer: Sendable, Equatable {
    public private(set) var phase: String?
    public private(set) var totalFiles = 0
    public private(set) var totalBytes: Int64 = 0
    public private(set) var filesDone = 0
    private var bytesFromTransfers: Int64 = 0
    private var bytesFromFiles: Int64 = 0
    private var phaseStart: Double = 0
    /// Store requests retried so far in this operation, and the seconds they waited.
    public private(set) var retries = 0
    public private(set) var retryWaitSeconds = 0.0

    public init() {}

    /// Bytes done in the phase: transfer counts when the engine sends them, else finished files' sizes.
    public var bytesDone: Int64 { max(bytesFromTransfers, bytesFromFiles) }

    /// Applies an event seen at `now` (seconds, any origin). Returns the note of a `.message`.
    @discardableResult
    public mutating func apply(_ event: ProgressEvent, now: Double) -> String? {
        switch event {
        case .phase(let name, let files, let bytes):
            phase = name
            totalFiles = files
            totalBytes = bytes
            filesDone = 0
            bytesFromTransfers = 0
            bytesFromFiles = 0
            phaseStart = now
        case .fileDone(_, let bytes):
            filesDone += 1
            bytesFromFiles += bytes
        case .bytes(let n):
            bytesFromTransfers += n
        case .message(let text):
            return text
        case .retry(let seconds):
            retries += 1
            retryWaitSeconds += seconds
        }
        return nil
    }

    /// The status line at `now`, or nil before the first phase.
    public func line(now: Double) -> String? {
        guard let phase else { return nil }
        var parts = [phase]
        parts.append(totalFiles > 0 ? "\(filesDone)/\(totalFiles) files" : "\(filesDone) files")
        let done = bytesDone
        parts.append(totalBytes > 0 ? "\(ByteCount.text(done))/\(ByteCount.text(totalBytes))" : ByteCount.text(done))
        let elapsed = now - phaseStart
        if elapsed >= 0.5, done > 0 {
            let rate = Double(done) / elapsed
            parts.append("\(ByteCount.text(Int64(rate)))/s")
            if totalBytes > done {
                parts.append("ETA \(Self.duration(Double(totalBytes - done) / rate))")
            }
        }
        if retries > 0 {
            parts.append("\(retries) \(retries == 1 ? "retry" : "retries") (\(Self.duration(retryWaitSeconds)) waiting)")
        }
        return parts.joined(separator: "  ")
    }


    /// `7s`, `1m05s`, `2h03m`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad(s % 60) + "s" }
        return "\(s / 3600)h" + pad((s % 3600) / 60) + "m"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
