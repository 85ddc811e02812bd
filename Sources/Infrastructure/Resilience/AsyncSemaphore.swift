import Foundation

/// A counting semaphore for async code: at most `limit` holders at once, the rest wait in FIFO
/// order without blocking a thread. One instance shared by a run bounds the requests in flight
/// across every operation (uploads, copies, multipart parts), whatever their nesting.
///
/// A waiting task that is cancelled stops waiting and throws `CancellationError`.
public final class AsyncSemaphore: @unchecked Sendable {
    /// The number of permits.
    public let limit: Int
    private let lock = NSLock()
    private var available: Int
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    /// `limit` permits (at least one).
    public init(limit: Int) {
        precondition(limit > 0, "AsyncSemaphore needs at least one permit")
        self.limit = limit
        self.available = limit
    }

    /// Waits for a permit. Pair with `release()`; prefer `withPermit`.
    public func acquire() async throws {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                lock.lock()
                if available > 0 {
                    available -= 1
                    lock.unlock()
                    continuation.resume()
                } else if Task.isCancelled {
                    lock.unlock()
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append((id, continuation))
                    lock.unlock()
                }
            }
        } onCancel: {
            lock.lock()
            if let index = waiters.firstIndex(where: { $0.id == id }) {
                let waiter = waiters.remove(at: index)
                lock.unlock()
                waiter.continuation.resume(throwing: CancellationError())
            } else {
                lock.unlock()
            }
        }
    }

    /// Returns a permit, handing it to the longest waiter if there is one.
    public func release() {
        lock.lock()
        if waiters.isEmpty {
            available += 1
            precondition(available <= limit, "AsyncSemaphore released more often than acquired")
            lock.unlock()
        } else {
            let waiter = waiters.removeFirst()
            lock.unlock()
            waiter.continuation.resume()
        }
    }

    /// Runs `body` holding a permit, released however `body` ends.
    public func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    /// Permits free right now (for tests and diagnostics).
    public var availablePermits: Int { lock.withLock { available } }
}
