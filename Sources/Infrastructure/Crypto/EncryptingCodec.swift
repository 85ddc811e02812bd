import AgentBackupPorts

/// Stores objects as B2EN envelopes (SPEC "B2EN envelope"), readable by the reference engine.
///
/// Make ONE per run: it draws one random salt and derives one key (scrypt, lazily, once, however
/// many tasks write at the same time) and seals every object under it with a fresh random 96-bit
/// nonce. For reading it keeps a bounded least-recently-used cache of keys by salt, so objects
/// written by the reference engine (one salt each) cost one scrypt per distinct salt.
/// Safe to share between tasks: every call uses its own OpenSSL contexts.
public final class EncryptingCodec: ContentCodec {
    /// Always true: objects and the manifest are envelopes.
    public let encrypts = true

    /// Keys for the salts of other runs kept by default (enough for a restore of a reference-made
    /// snapshot to reuse keys when it retries, small enough to never matter in memory).
    public static let defaultKeyCacheCapacity = 32

    let keys: KeyRing

    /// `passphrase` is used as its UTF-8 bytes, like the reference engine. Nothing is derived yet:
    /// the first write or read pays the scrypt.
    public init(passphrase: String, keyCacheCapacity: Int = EncryptingCodec.defaultKeyCacheCapacity) {
        keys = KeyRing(passphrase: SecureBytes(passphrase.utf8), capacity: keyCacheCapacity)
    }

    /// How many scrypt derivations this codec has run: 1 for a whole push, plus one per distinct
    /// foreign salt read (tests and the benchmark check it).
    public var keyDerivations: Int { keys.derivations }

    /// The salt of every object this codec writes; nil until the first write.
    public var runSalt: [UInt8]? { keys.runSalt }

    /// Seals `plaintext` (a manifest) into an envelope in memory.
    public func encode(_ plaintext: [UInt8]) throws -> [UInt8] {
        let (salt, key) = try keys.runKey()
        let nonce = try SecureRandom.bytes(AESGCMEncryptor.nonceLength)
        let encryptor = try AESGCMEncryptor(key: key, nonce: nonce)
        var sealed = B2ENHeader(salt: salt, nonce: nonce, tag: [UInt8](repeating: 0, count: AESGCMEncryptor.tagLength)).bytes
        sealed.append(contentsOf: plaintext)
        try sealed.withUnsafeMutableBytes { all in
            try encryptor.update(inPlace: UnsafeMutableRawBufferPointer(rebasing: all[B2ENHeader.size...]))
        }
        let tag = try encryptor.finish()
        sealed.replaceSubrange(B2ENHeader.tagOffset..<B2ENHeader.size, with: tag)
        return sealed
    }

    /// Opens an envelope in memory. Throws `CryptoError` `.notEncrypted` (too short or no magic)
    /// or `.authenticationFailed` (wrong passphrase or tampered), naming `objectName`. A manifest
    /// is opened by the layout (`ManifestEnvelope`), which refuses a plain one in encrypted mode.
    public func decode(_ stored: [UInt8], objectName: String) throws -> [UInt8] {
        guard let header = B2ENHeader(parsing: stored) else {
            throw CryptoError.notEncrypted(objectName, byteCount: Int64(stored.count))
        }
        let key = try keys.key(forSalt: header.salt)
        let decryptor = try AESGCMDecryptor(key: key, nonce: header.nonce, tag: header.tag)
        var plaintext = Array(stored[B2ENHeader.size...])
        try plaintext.withUnsafeMutableBytes { try decryptor.update(inPlace: $0) }
        guard decryptor.finish() else { throw CryptoError.authenticationFailed(objectName) }
        return plaintext
    }
}
