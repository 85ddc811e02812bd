import AgentBackup
import AgentBackupTestSupport
import Foundation

/// A `BackupRunning` driven by a script: each push can take (fake) time, fail, or request
/// shutdown while it runs; the runner records when every push started and ended.
final class ScriptedBackupRunner: BackupRunning, @unchecked Sendable {
    struct Push: Equatable {
        var started: Date
        var ended: Date
        var failed: Bool
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "store unreachable" }
    }

    private let lock = NSLock()
    private var done: [Push] = []
    private var restoreCalls = 0
    let clock: FakeClock
    /// Seconds each push takes on the fake clock.
    var pushDuration: Double = 0
    /// 1-based push numbers that fail.
    var failingPushes: Set<Int> = []
    /// Shutdown is requested during this (1-based) push, as SIGTERM arriving mid-push.
    var shutdownDuringPush: Int?
    var shutdown: ShutdownSignal?
    var restoreResult: Result<String?, any Error> = .success(nil)

    init(clock: FakeClock) {
        self.clock = clock
    }

    var pushes: [Push] { lock.withLock { done } }
    var restoreIfEmptyCalls: Int { lock.withLock { restoreCalls } }

    func restoreIfEmpty() async throws -> String? {
        lock.withLock { restoreCalls += 1 }
        return try restoreResult.get()
    }

    func push() async throws -> String {
        let number = lock.withLock { done.count + 1 }
        let started = clock.now()
        if shutdownDuringPush == number { shutdown?.request() }
        clock.advance(by: pushDuration)
        let failed = failingPushes.contains(number)
        // The push is only recorded once it ends, so "finished before shutdown" is observable.
        lock.withLock { done.append(Push(started: started, ended: clock.now(), failed: failed)) }
        if failed { throw Failure() }
        return "push \(number) ok"
    }
}
