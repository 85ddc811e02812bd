import CAgentBackupOpenSSL

/// Secret bytes (a passphrase, a derived key) kept in their own allocation so they can be wiped:
/// `OPENSSL_cleanse` overwrites them when the last reference goes away. Swift arrays may be copied
/// around by the runtime and are never wiped, so secrets live here instead.
///
/// Immutable after `init`, hence safe to share between tasks.
public final class SecureBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// Copies `bytes` into wipeable storage. The caller should drop its own copy soon after.
    public init(_ bytes: some Collection<UInt8>) {
        storage = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        _ = UnsafeMutableRawBufferPointer(rebasing: storage[0..<bytes.count]).initializeMemory(as: UInt8.self, from: bytes)
        count = bytes.count
    }

    /// Zeroed storage of `count` bytes for a function that fills it (a KDF output).
    init(zeroedCount: Int) {
        storage = .allocate(byteCount: max(zeroedCount, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        count = zeroedCount
    }

    /// Number of secret bytes.
    public let count: Int

    /// Read-only access to the secret, valid only inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Write access for the code that fills the storage right after `init(zeroedCount:)`.
    func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
    }

    /// Constant-time comparison, for tests and checks that must not leak timing.
    public func isEqual(to other: [UInt8]) -> Bool {
        guard other.count == count else { return false }
        return withUnsafeBytes { mine in
            other.withUnsafeBytes { theirs in CRYPTO_memcmp(mine.baseAddress, theirs.baseAddress, count) == 0 }
        }
    }

    deinit {
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }
}
