/// A single-instance lock per (adapter, bucket, prefix). Held until `release()` or process exit;
/// a lock whose holder died never blocks.
public protocol InstanceLock: Sendable {
    /// Takes the lock or throws `LockError.alreadyHeld` with the holder's pid.
    func acquire(name: String) throws -> any HeldLock
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
