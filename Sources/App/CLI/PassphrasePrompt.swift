#if canImport(Glibc)
@preconcurrency import Glibc
#else
import Darwin
#endif

/// Asks for a passphrase on the terminal with echo off (the prompt on stderr): only when stdin
/// is a terminal, so a script never hangs waiting for an answer.
enum PassphrasePrompt {
    static var isAvailable: Bool { isatty(0) == 1 }

    /// The terminal settings to put back if a signal ends the process during the prompt
    /// (Ctrl-C would otherwise leave the shell without echo until `reset`). Written before the
    /// handlers are installed, read only by them.
    nonisolated(unsafe) private static var savedForSignals = termios()
    private static let restoringSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

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
        let previous = restoreOnSignals(saved)
        _ = tcsetattr(0, TCSAFLUSH, &quiet)
        console.error(prompt)
        defer {
            var restored = saved
            _ = tcsetattr(0, TCSAFLUSH, &restored)
            for (number, handler) in zip(restoringSignals, previous) {
                var replaced = handler
                _ = sigaction(number, &replaced, nil)
            }
            console.error("\n")
        }
        return readLine(strippingNewline: true)
    }

    /// Installs handlers that put `saved` back and then die of the same signal (only
    /// async-signal-safe calls: tcsetattr, signal, raise); returns the handlers they replace.
    private static func restoreOnSignals(_ saved: termios) -> [sigaction] {
        savedForSignals = saved
        return restoringSignals.map { number in
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { received in
                _ = tcsetattr(0, TCSANOW, &PassphrasePrompt.savedForSignals)
                _ = signal(received, SIG_DFL)
                _ = raise(received)
            }
            #else
            action.__sigaction_u.__sa_handler = { received in
                _ = tcsetattr(0, TCSANOW, &PassphrasePrompt.savedForSignals)
                _ = signal(received, SIG_DFL)
                _ = raise(received)
            }
            #endif
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            _ = sigaction(number, &action, &previous)
            return previous
        }
    }
}
