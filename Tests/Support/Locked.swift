import Foundation

/// A value guarded by a lock, so the fakes can be plain `Sendable` classes whose state tests read
/// synchronously (an actor would force `await` on every assertion).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
