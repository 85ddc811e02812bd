import AgentBackup
import Foundation

/// A `Console` whose stdout and stderr are kept in memory for assertions.
final class CapturedConsole: @unchecked Sendable {
    private let lock = NSLock()
    private var out = ""
    private var err = ""
    private(set) var console: Console!

    init(isErrorTerminal: Bool = false) {
        console = Console(isErrorTerminal: isErrorTerminal) { [unowned self] stream, text in
            self.lock.withLock {
                switch stream {
                case .standardOutput: self.out += text
                case .standardError: self.err += text
                }
            }
        }
    }

    var standardOutput: String { lock.withLock { out } }
    var standardError: String { lock.withLock { err } }
}
