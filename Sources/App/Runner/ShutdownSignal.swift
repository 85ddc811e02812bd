import Foundation

/// A one-way "please stop" flag the daemon loop can both poll and await. SIGTERM/SIGINT (through
/// swift-service-lifecycle's graceful shutdown) set it; tests set it directly.
///
/// It never cancels anything: a push that is running finishes; the loop looks at the flag between
/// pushes and while sleeping.
public final class ShutdownSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    public init() {}

    /// Whether shutdown was requested.
    public var isRequested: Bool { lock.withLock { requested } }

    /// Requests shutdown (idempotent) and wakes every waiter.
    public func request() {
        let toResume: [CheckedContinuation<Void, Never>] = lock.withLock {
            if requested { return [] }
            requested = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for continuation in toResume { continuation.resume() }
    }

    /// Returns when shutdown is requested, or when the calling task is cancelled.
    public func wait() async {
        let id: Int = lock.withLock {
            nextWaiter += 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if requested || Task.isCancelled { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = lock.withLock { waiters.removeValue(forKey: id) }
            continuation?.resume()
        }
    }
}
