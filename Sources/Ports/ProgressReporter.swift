/// Progress of a run, for the CLI to render (bars on a terminal, nothing otherwise).
public enum ProgressEvent: Sendable, Equatable {
    /// A new phase begins: "scan", "hash", "upload", "copy", "manifest", "prune", "download", "verify".
    /// Totals are known when > 0.
    case phase(name: String, totalFiles: Int, totalBytes: Int64)
    /// A file finished in the current phase.
    case fileDone(path: String, bytes: Int64)
    /// Bytes moved (for rate and ETA), may arrive many times per file.
    case bytes(Int64)
    /// A note worth showing (e.g. "no changes since last push").
    case message(String)
    /// A store request failed transiently and goes again after `waitSeconds` (the retry layer
    /// sends it, whatever the phase).
    case retry(waitSeconds: Double)
}

public protocol ProgressReporter: Sendable {
    func report(_ event: ProgressEvent)
}

/// Reports nothing.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func report(_ event: ProgressEvent) {}
}
