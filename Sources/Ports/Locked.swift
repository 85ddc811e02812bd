import Foundation

/// A value guarded by a lock: shared mutable state that tasks touch briefly and synchronously
/// (counters, collected results), where an actor would force `await` on every read.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
