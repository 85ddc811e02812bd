import AgentBackupPorts
import Foundation

/// The keys of one encrypting codec: the run key (one random salt drawn on first use, derived
/// lazily and only once however many tasks ask) and a bounded least-recently-used cache of keys derived for
/// other salts, so objects written by the reference engine (one salt each) cost one scrypt per
/// salt rather than per read. Each salt is derived at most once at a time: concurrent readers of
/// the same salt wait for the first, readers of different salts derive in parallel.
final class KeyRing: @unchecked Sendable {
    /// One salt's key, derived on first use under the slot's own lock.
    private final class Slot: @unchecked Sendable {
        let salt: [UInt8]
        private let lock = NSLock()
        private var key: SecureBytes?

        init(salt: [UInt8]) { self.salt = salt }

        func key(derive: ([UInt8]) throws -> SecureBytes) throws -> SecureBytes {
            lock.lock()
            defer { lock.unlock() }
            if let key { return key }
            let derived = try derive(salt)
            key = derived
            return derived
        }
    }

    /// How many other salts' keys are kept.
    let capacity: Int

    private let passphrase: SecureBytes
    private let lock = NSLock()
    private var runSlot: Slot?                // guarded by lock; its salt is drawn on first write
    private var slots: [[UInt8]: Slot] = [:]  // guarded by lock
    private var recency: [[UInt8]] = []       // guarded by lock; least recent first
    private var derivationCount = 0           // guarded by lock

    init(passphrase: SecureBytes, capacity: Int) {
        precondition(capacity >= 1, "the key cache needs room for at least one salt")
        self.passphrase = passphrase
        self.capacity = capacity
    }

    /// The salt and key for writing: drawn and derived on the first call, then reused.
    func runKey() throws -> (salt: [UInt8], key: SecureBytes) {
        let slot = try currentRunSlot()
        return (slot.salt, try slot.key(derive: derive))
    }

    /// The salt of the objects written so far; nil before the first write.
    var runSalt: [UInt8]? {
        lock.lock()
        defer { lock.unlock() }
        return runSlot?.salt
    }

    /// The key for reading an object with `salt`.
    func key(forSalt salt: [UInt8]) throws -> SecureBytes {
        try slot(for: salt).key(derive: derive)
    }

    /// How many scrypt derivations this ring has run (tests prove "one per run" with it).
    var derivations: Int {
        lock.lock()
        defer { lock.unlock() }
        return derivationCount
    }

    /// Salts currently cached besides the run salt, least recent first.
    var cachedSalts: [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        return recency
    }

    private func currentRunSlot() throws -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let runSlot { return runSlot }
        let slot = Slot(salt: try SecureRandom.bytes(B2ENHeader.saltLength))
        runSlot = slot
        return slot
    }

    private func slot(for salt: [UInt8]) -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let runSlot, runSlot.salt == salt { return runSlot }
        if let slot = slots[salt] {
            if let index = recency.firstIndex(of: salt) { recency.remove(at: index) }
            recency.append(salt)
            return slot
        }
        let slot = Slot(salt: salt)
        slots[salt] = slot
        recency.append(salt)
        if recency.count > capacity {
            let evicted = recency.removeFirst()
            slots[evicted] = nil  // a task still deriving or using it keeps its own reference
        }
        return slot
    }

    private func derive(_ salt: [UInt8]) throws -> SecureBytes {
        let key = try Scrypt.deriveKey(passphrase: passphrase, salt: salt)
        lock.lock()
        derivationCount += 1
        lock.unlock()
        return key
    }
}
