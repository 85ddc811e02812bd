/// A single-instance lock per (adapter, bucket, prefix). Held until `release()` or process exit;
/// a lock whose holder died never blocks.
public protocol InstanceLock: Sendable {
    /// Takes the lock or throws `LockError.alreadyHeld` with the holder's pid.
    func acquire(name: String) throws -> any HeldLock
}

/// Who holds an instance lock, as `doctor` reports it (without taking it).
public enum InstanceLockHolder: Sendable, Equatable {
    /// No run holds it (or it was never taken on this machine).
    case free
    /// A run holds it; its pid when the holder wrote one.
    case held(pid: Int32?)
}

public protocol HeldLock: Sendable {
    func release()
}

public struct LockError: Error, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var holderPid: Int32?
    public var message: String

    public init(name: String, holderPid: Int32?, message: String) {
        self.name = name
        self.holderPid = holderPid
        self.message = message
    }

    public var description: String { message }
}
