#if canImport(Glibc)
@preconcurrency import Glibc
#else
import Darwin
#endif

/// Asks for a passphrase on the terminal with echo off (the prompt on stderr): only when stdin
/// is a terminal, so a script never hangs waiting for an answer.
enum PassphrasePrompt {
    static var isAvailable: Bool { isatty(0) == 1 }

    /// One line read with echo off; nil at end of input. Echo goes off (dropping anything typed
    /// ahead) before the prompt shows, so whatever is typed after it is never echoed.
    static func read(_ prompt: String, console: Console) -> String? {
        var saved = termios()
        guard tcgetattr(0, &saved) == 0 else {
            console.error(prompt)
            return readLine(strippingNewline: true)
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(0, TCSAFLUSH, &quiet)
        console.error(prompt)
        defer {
            var restored = saved
            _ = tcsetattr(0, TCSAFLUSH, &restored)
            console.error("\n")
        }
        return readLine(strippingNewline: true)
    }
}
