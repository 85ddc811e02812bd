import Foundation

/// Where the CLI writes: stdout for results (`--json`), stderr for logs and progress.
///
/// One object serialises both streams so a progress bar drawn on stderr is cleared before a log
/// line and redrawn after it, and tests can capture everything by giving their own sink.
public final class Console: @unchecked Sendable {
    /// The two output streams.
    public enum Stream: Sendable, Equatable { case standardOutput, standardError }

    private let lock = NSLock()
    private let sink: @Sendable (Stream, String) -> Void
    private var statusLine: String?
    /// True when stderr is a terminal: only then are progress bars drawn.
    public let isErrorTerminal: Bool

    /// A console writing through `sink` (tests); `isErrorTerminal` decides whether bars are drawn.
    public init(isErrorTerminal: Bool, sink: @escaping @Sendable (Stream, String) -> Void) {
        self.isErrorTerminal = isErrorTerminal
        self.sink = sink
    }

    /// Writes to the process's stdout and stderr, unbuffered; bars only if `isatty(2)`.
    public static func standard() -> Console {
        Console(isErrorTerminal: StandardStreams.isErrorTerminal) { stream, text in
            StandardStreams.write(text, to: stream)
        }
    }

    /// Writes a result to stdout.
    public func output(_ text: String) {
        lock.withLock { sink(.standardOutput, text) }
    }

    /// Writes a log line to stderr, keeping any progress line below it.
    public func error(_ text: String) {
        lock.withLock {
            if statusLine != nil { sink(.standardError, "\r\u{1B}[2K") }
            sink(.standardError, text)
            if let statusLine { sink(.standardError, statusLine) }
        }
    }

    /// Draws (or with nil, clears) the one-line progress display. Ignored when stderr is not a terminal.
    public func setStatus(_ line: String?) {
        guard isErrorTerminal else { return }
        lock.withLock {
            if line == statusLine { return }
            sink(.standardError, "\r\u{1B}[2K" + (line ?? ""))
            statusLine = line
        }
    }
}
