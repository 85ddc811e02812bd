import AgentBackupPorts
import Foundation

/// Seals and opens everything in a packed repository except key objects (FORMAT.md section 2):
/// `nonce ‖ AES-256-GCM(K, m) ‖ tag` under the master key, or nothing at all in a plain
/// repository. Shareable; each call has its own OpenSSL context. The master key may be derived
/// later (`deferred`): a repository opened from memory runs its scrypt only when an operation
/// first needs the key (`unlock`), so a push that finds nothing changed runs none.
public struct RepositoryCipher: Sendable {
    /// Bytes a sealed item adds: 12 of nonce, 16 of tag.
    public static let overhead = AESGCMEncryptor.nonceLength + AESGCMEncryptor.tagLength

    let source: MasterKeySource?

    /// A cipher under `masterKey` (32 bytes).
    public static func encrypting(masterKey: SecureBytes) -> RepositoryCipher {
        precondition(masterKey.count == 32, "the master key is 32 bytes")
        return RepositoryCipher(source: MasterKeySource(key: masterKey))
    }

    /// A cipher whose master key `derive` makes on the first `unlock`.
    static func deferred(_ derive: @escaping @Sendable () async throws -> SecureBytes) -> RepositoryCipher {
        RepositoryCipher(source: MasterKeySource(derive: derive))
    }

    /// The identity: a plain repository.
    public static let plain = RepositoryCipher(source: nil)

    /// True when items are sealed.
    public var encrypts: Bool { source != nil }

    /// Makes the master key if it was deferred (once; later calls and concurrent ones wait for
    /// that one). Every operation of a repository calls it before sealing or opening anything.
    func unlock() async throws {
        try await source?.resolve()
    }

    var masterKey: SecureBytes? {
        get throws { try source?.key() }
    }

    /// What sealing adds to `count` bytes.
    public var overhead: Int { encrypts ? Self.overhead : 0 }

    /// The sealed form of `plaintext` (a fresh random nonce every call).
    public func seal(_ plaintext: UnsafeRawBufferPointer) throws -> [UInt8] {
        guard let masterKey = try self.masterKey else { return Array(plaintext) }
        let nonce = try SecureRandom.bytes(AESGCMEncryptor.nonceLength)
        let encryptor = try AESGCMEncryptor(key: masterKey, nonce: nonce)
        var sealed = [UInt8]()
        sealed.reserveCapacity(plaintext.count + Self.overhead)
        sealed += nonce
        sealed += plaintext
        try sealed.withUnsafeMutableBytes { all in
            try encryptor.update(inPlace: UnsafeMutableRawBufferPointer(rebasing: all[AESGCMEncryptor.nonceLength...]))
        }
        sealed += try encryptor.finish()
        return sealed
    }

    /// The sealed form of `plaintext`.
    public func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        try plaintext.withUnsafeBytes { try seal($0) }
    }

    /// The plaintext of a sealed item, authenticated. `object` names it in errors: a tag that
    /// does not verify, or an item too short to hold nonce and tag, is `RepositoryError(.integrity)`.
    public func open(_ stored: ArraySlice<UInt8>, object: String) throws -> [UInt8] {
        guard let masterKey = try self.masterKey else { return Array(stored) }
        guard stored.count >= Self.overhead else {
            throw RepositoryError.damagedObject(object, "a sealed item of \(stored.count) bytes is shorter than its nonce and tag")
        }
        let nonceEnd = stored.startIndex + AESGCMEncryptor.nonceLength
        let tagStart = stored.endIndex - AESGCMEncryptor.tagLength
        let decryptor = try AESGCMDecryptor(key: masterKey, nonce: Array(stored[stored.startIndex..<nonceEnd]), tag: Array(stored[tagStart...]))
        var plaintext = Array(stored[nonceEnd..<tagStart])
        try plaintext.withUnsafeMutableBytes { try decryptor.update(inPlace: $0) }
        guard decryptor.finish() else {
            throw RepositoryError(.integrity, "\(object): authentication failed: the object was modified or damaged (its seal under this repository's master key does not verify)", files: [object])
        }
        return plaintext
    }

    /// The plaintext of a sealed item held whole.
    public func open(_ stored: [UInt8], object: String) throws -> [UInt8] {
        try open(stored[...], object: object)
    }
}

/// The master key of a cipher, given or derived once on demand.
final class MasterKeySource: @unchecked Sendable {
    private let lock = NSLock()
    private var derived: SecureBytes?                  // guarded by lock
    private var derivation: Task<SecureBytes, any Error>?  // guarded by lock
    private let derive: (@Sendable () async throws -> SecureBytes)?

    init(key: SecureBytes) {
        derived = key
        derive = nil
    }

    init(derive: @escaping @Sendable () async throws -> SecureBytes) {
        self.derive = derive
    }

    func key() throws -> SecureBytes {
        guard let key = lock.withLock({ derived }) else {
            throw RepositoryError(.failed, "internal error: the repository's master key was used before the passphrase opened it (please report this)")
        }
        return key
    }

    func resolve() async throws {
        let task: Task<SecureBytes, any Error>? = lock.withLock {
            if derived != nil { return nil }
            if derivation == nil, let derive { derivation = Task { try await derive() } }
            return derivation
        }
        guard let task else { return }
        let key = try await task.value
        lock.withLock { derived = key }
    }
}
