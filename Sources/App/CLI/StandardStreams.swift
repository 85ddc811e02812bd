#if canImport(Glibc)
@preconcurrency import Glibc
#else
import Darwin
#endif

/// The process's real stdout/stderr, written with `fwrite` and flushed at once so logs and
/// results interleave correctly with other processes (journald, pipes).
enum StandardStreams {
    static var isErrorTerminal: Bool { isatty(2) == 1 }

    static func write(_ text: String, to stream: Console.Stream) {
        let file = stream == .standardOutput ? stdout : stderr
        var text = text
        text.withUTF8 { buffer in
            _ = fwrite(buffer.baseAddress, 1, buffer.count, file)
        }
        fflush(file)
    }
}
