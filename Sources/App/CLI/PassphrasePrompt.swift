#if canImport(Glibc)
@preconcurrency import Glibc
#else
import Darwin
#endif

/// Asks for a passphrase on the terminal with echo off (the prompt on stderr): only when stdin
/// is a terminal, so a script never hangs waiting for an answer.
enum PassphrasePrompt {
    static var isAvailable: Bool { isatty(0) == 1 }

    /// One line read with echo off; nil at end of input.
    static func read(_ prompt: String, console: Console) -> String? {
        console.error(prompt)
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else { return readLine(strippingNewline: true) }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(0, TCSAFLUSH, &quiet)
        defer {
            var restored = saved
            _ = tcsetattr(0, TCSAFLUSH, &restored)
            console.error("\n")
        }
        return readLine(strippingNewline: true)
    }
}
