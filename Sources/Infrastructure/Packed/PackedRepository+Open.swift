import AgentBackupDomain
import AgentBackupPorts
import Foundation

extension PackedRepository {
    /// Largest config or key object read.
    static let maxSmallObject = 1 << 20

    /// Whether `prefix` holds a packed repository: its `config` object (the layout marker) exists.
    public static func isPacked(store: any ObjectStore, prefix: String) async throws -> Bool {
        try await store.head(key: PackedKeys(prefix: prefix).config) != nil
    }

    /// Opens the packed repository under `settings.prefix`, in the mode the settings say
    /// (a passphrase: encrypted; none: plain), never guessed from the bytes. One scrypt when the
    /// key that worked last time (remembered in the cache folder) still works.
    public static func open(store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock) async throws -> PackedRepository {
        let keys = PackedKeys(prefix: settings.prefix)
        return try await open(store: store, settings: settings, clock: clock, stored: try await readConfig(store: store, keys: keys))
    }

    /// As `open`, with the config object already read (`stored`).
    static func open(store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock, stored: [UInt8]) async throws -> PackedRepository {
        let keys = PackedKeys(prefix: settings.prefix)
        let (config, cipher): (PackedConfig, RepositoryCipher)
        if let passphrase = settings.passphrase {
            let unlocked = try await unlock(store: store, keys: keys, configBytes: stored, passphrase: passphrase, cacheFolder: settings.cacheFolder)
            (config, cipher) = (unlocked.config, unlocked.cipher)
            if let plaintext = try? PackedDocument.decode(stored, cipher: unlocked.cipher, object: keys.config) {
                RememberedRepository(cacheFolder: settings.cacheFolder, store: store, prefix: settings.prefix)
                    .save(.init(keyObject: unlocked.stored, sealedConfig: stored, plainConfig: plaintext))
            }
        } else {
            (config, cipher) = try await openPlain(store: store, keys: keys, configBytes: stored)
        }
        return repository(store: store, settings: settings, clock: clock, config: config, cipher: cipher)
    }

    /// Opens the repository from what the cache folder remembers of it, confirmed by one request:
    /// encrypted, a LIST of `keys/` that still names the remembered key object, whose master key
    /// is derived only when an operation first needs it (`deferredKey`); plain, the GET of the
    /// config. Nil whenever that does not work out (nothing remembered, the key gone, no
    /// config): the full open then says what is wrong.
    public static func openRemembered(store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock) async throws -> PackedRepository? {
        let keys = PackedKeys(prefix: settings.prefix)
        guard let passphrase = settings.passphrase else {
            guard let stored = try await storedConfig(store: store, keys: keys),
                  let (config, cipher) = try? await openPlain(store: store, keys: keys, configBytes: stored) else { return nil }
            return repository(store: store, settings: settings, clock: clock, config: config, cipher: cipher)
        }
        let remembered = RememberedRepository(cacheFolder: settings.cacheFolder, store: store, prefix: settings.prefix)
        guard let entry = remembered.load() else { return nil }
        let listed = try await store.listAll(prefix: keys.keysFolder).objects.compactMap { keys.id(in: $0.key, folder: keys.keysFolder) }
        guard listed.contains(entry.keyID) else {
            remembered.forget()
            return nil
        }
        guard let config = try? PackedConfig.decode(entry.plainConfig, object: keys.config), config.encrypted else { return nil }
        let cipher = RepositoryCipher.deferred {
            try await deferredKey(entry, store: store, keys: keys, passphrase: passphrase, cacheFolder: settings.cacheFolder)
        }
        return repository(store: store, settings: settings, clock: clock, config: config, cipher: cipher)
    }

    /// The master key of a repository opened from memory: the remembered key object opened with
    /// the passphrase (one scrypt) when it decrypts the remembered config to the remembered
    /// plaintext; else (the passphrase opens another key, or none) the full search of `keys/`,
    /// whose failure is the configuration error naming the passphrase settings.
    private static func deferredKey(
        _ entry: RememberedRepository.Entry, store: any ObjectStore, keys: PackedKeys, passphrase: String, cacheFolder: String?
    ) async throws -> SecureBytes {
        if let key = try? KeyFile.open(entry.keyObject, with: EncryptingCodec(passphrase: passphrase), object: keys.key(entry.keyID)),
           let plaintext = try? PackedDocument.decode(entry.sealedConfig, cipher: .encrypting(masterKey: SecureBytes(key.masterKey)), object: keys.config),
           plaintext == entry.plainConfig {
            return SecureBytes(key.masterKey)
        }
        let unlocked = try await unlock(store: store, keys: keys, configBytes: entry.sealedConfig, passphrase: passphrase, cacheFolder: cacheFolder)
        return SecureBytes(unlocked.key.masterKey)
    }

    private static func repository(
        store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock, config: PackedConfig, cipher: RepositoryCipher
    ) -> PackedRepository {
        let context = PackedContext(
            store: store, keys: PackedKeys(prefix: settings.prefix), config: config, cipher: cipher, clock: clock,
            cacheFolder: settings.cacheFolder.map { $0 + "/" + config.id }, transfers: settings.transfers)
        return PackedRepository(context: context)
    }

    /// Creates a packed repository under `settings.prefix` (which must not hold one): a random
    /// master key sealed under the passphrase (encrypted), then the config, the marker, last.
    /// `chunker`, `packSize` and `gcGraceSeconds` default to the standard ones (tests and vectors
    /// use smaller sizes).
    public static func create(
        store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock,
        chunker: ChunkerParameters? = nil, packSize: Int = 16 << 20, gcGraceSeconds: Double = 3600
    ) async throws -> PackedRepository {
        let keys = PackedKeys(prefix: settings.prefix)
        if try await isPacked(store: store, prefix: settings.prefix) {
            throw RepositoryError(.configuration, "a packed repository already exists under \(keys.prefix)", files: [keys.config])
        }
        let created = SnapshotIDTime.iso(clock.now())
        let chunkerKey = try SecureRandom.bytes(32)
        var config = PackedConfig(
            id: Hex.encode(try SecureRandom.bytes(32)), created: created, encrypted: settings.passphrase != nil,
            chunker: chunker ?? .standard(key: chunkerKey), packSize: packSize, gcGraceSeconds: gcGraceSeconds)
        if let problem = config.chunker.problem { throw RepositoryError(.configuration, "unusable chunker parameters: \(problem)") }
        var cipher = RepositoryCipher.plain
        var keyObject: [UInt8]? = nil
        if let passphrase = settings.passphrase {
            let masterKey = try SecureRandom.bytes(32)
            cipher = .encrypting(masterKey: SecureBytes(masterKey))
            let key = try KeyFile(created: created, host: settings.host, masterKey: masterKey).sealed(with: EncryptingCodec(passphrase: passphrase))
            let keyID = BlobID.hashing(key)
            try await store.put(key: keys.key(keyID), body: .bytes(key), contentType: "application/octet-stream")
            rememberKey(keyID, cacheFolder: settings.cacheFolder)
            keyObject = key
        }
        config.encrypted = cipher.encrypts
        let stored = try PackedDocument.encode(try config.encoded(), compress: false, cipher: cipher)
        try await store.put(key: keys.config, body: .bytes(stored), contentType: "application/octet-stream")
        // Two machines creating the same prefix at once: the last config wins; the loser opens
        // the winner's repository instead of writing under a master key nobody can find.
        let written = try await store.get(key: keys.config, maxBytes: maxSmallObject)
        if written != stored { return try await open(store: store, settings: settings, clock: clock, stored: written) }
        if let keyObject {
            RememberedRepository(cacheFolder: settings.cacheFolder, store: store, prefix: settings.prefix)
                .save(.init(keyObject: keyObject, sealedConfig: stored, plainConfig: try config.encoded()))
        }
        return repository(store: store, settings: settings, clock: clock, config: config, cipher: cipher)
    }

    /// The stored config object; its absence is a configuration error naming the prefix.
    static func readConfig(store: any ObjectStore, keys: PackedKeys) async throws -> [UInt8] {
        guard let stored = try await storedConfig(store: store, keys: keys) else {
            throw RepositoryError(.configuration, "there is no packed repository under \(keys.prefix) in \(store.displayName) (no \(keys.config))", files: [keys.config])
        }
        return stored
    }

    /// The stored config object, nil when there is none (the prefix is not packed).
    static func storedConfig(store: any ObjectStore, keys: PackedKeys) async throws -> [UInt8]? {
        do {
            return try await store.get(key: keys.config, maxBytes: maxSmallObject)
        } catch let error as StoreError where error.code == .notFound {
            return nil
        }
    }

    static func openPlain(store: any ObjectStore, keys: PackedKeys, configBytes: [UInt8]) async throws -> (PackedConfig, RepositoryCipher) {
        let config: PackedConfig
        do {
            config = try PackedConfig.decode(try PackedDocument.decode(configBytes, cipher: .plain, object: keys.config), object: keys.config)
        } catch let error as RepositoryError where error.kind == .integrity {
            if try await !store.list(prefix: keys.keysFolder, delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: 1).objects.isEmpty {
                throw encryptedButPlainRun(keys)
            }
            throw error
        }
        guard !config.encrypted else { throw encryptedButPlainRun(keys) }
        return (config, .plain)
    }

    static func encryptedButPlainRun(_ keys: PackedKeys) -> RepositoryError {
        RepositoryError(.configuration, "the packed repository under \(keys.prefix) is encrypted but this run has encryption off: set the passphrase (encryptionKey / B2_ENCRYPTION_KEY) and encrypt: true", files: [keys.config])
    }

    /// The first key object that opens with `passphrase` and decrypts the config (the one that
    /// worked last time tried first).
    static func unlock(
        store: any ObjectStore, keys: PackedKeys, configBytes: [UInt8], passphrase: String, cacheFolder: String?
    ) async throws -> UnlockedKey {
        var candidates = try await store.listAll(prefix: keys.keysFolder).objects.compactMap { keys.id(in: $0.key, folder: keys.keysFolder) }
        guard !candidates.isEmpty else {
            throw RepositoryError(.configuration, "the packed repository under \(keys.prefix) is not encrypted (it has no keys/) but this run has encryption on: set encrypt: false (B2_ENCRYPT=false) to use it", files: [keys.config])
        }
        if let hint = rememberedKey(cacheFolder), let position = candidates.firstIndex(of: hint) {
            candidates.swapAt(0, position)
        }
        let codec = EncryptingCodec(passphrase: passphrase)
        for id in candidates {
            let object = keys.key(id)
            let key: KeyFile, stored: [UInt8]
            do {
                stored = try await store.get(key: object, maxBytes: maxSmallObject)
                key = try KeyFile.open(stored, with: codec, object: object)
            } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .notEncrypted {
                continue
            }
            let cipher = RepositoryCipher.encrypting(masterKey: SecureBytes(key.masterKey))
            guard let plaintext = try? PackedDocument.decode(configBytes, cipher: cipher, object: keys.config) else { continue }
            let config = try PackedConfig.decode(plaintext, object: keys.config)
            guard config.encrypted else { throw RepositoryError.damagedObject(keys.config, "a sealed config says the repository is not encrypted") }
            rememberKey(id, cacheFolder: cacheFolder)
            return UnlockedKey(id: id, key: key, config: config, stored: stored)
        }
        throw RepositoryError(.configuration, "none of the \(candidates.count) key(s) of the packed repository under \(keys.prefix) opens with this passphrase: check encryptionKey / B2_ENCRYPTION_KEY (the passphrase the backup was made with)", files: [keys.keysFolder])
    }

    private static func rememberedKey(_ cacheFolder: String?) -> BlobID? {
        guard let cacheFolder, let data = FileManager.default.contents(atPath: cacheFolder + "/last-key") else { return nil }
        return BlobID(hex: String(decoding: data, as: UTF8.self))
    }

    private static func rememberKey(_ id: BlobID, cacheFolder: String?) {
        guard let cacheFolder else { return }
        CacheFile.write(Array(id.hex.utf8), to: cacheFolder + "/last-key")
    }
}

/// A key object that opened with a passphrase: its id, its record and the config it decrypts.
struct UnlockedKey: Sendable {
    let id: BlobID
    let key: KeyFile
    let config: PackedConfig
    /// The key object as stored.
    let stored: [UInt8]

    var cipher: RepositoryCipher { .encrypting(masterKey: SecureBytes(key.masterKey)) }
}

/// ISO-8601 UTC with milliseconds, the manifest's timestamp form.
enum SnapshotIDTime {
    static func iso(_ date: Date) -> String {
        AgentBackupDomain.SnapshotID(date: date).isoTimestamp
    }
}
