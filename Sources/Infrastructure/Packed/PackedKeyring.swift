import AgentBackupPorts
import Foundation

/// The key objects of an encrypted packed repository (FORMAT.md section 3), opened with this
/// run's passphrase. Adding a passphrase writes one `keys/<id>`: the same master key sealed under
/// it; removing one deletes one. Nothing else under the prefix is read or written beyond the
/// config, which proves a key holds this repository's master key.
public struct PackedKeyring: RepositoryKeyring {
    let store: any ObjectStore
    let keys: PackedKeys
    let configBytes: [UInt8]
    /// The key this run opened with.
    let unlocked: UnlockedKey
    let passphrase: String
    let host: String
    let clock: any WallClock

    public var displayName: String { "\(keys.prefix) in \(store.displayName)" }

    /// Opens the keyring of the packed repository under `settings.prefix` with `settings.passphrase`.
    public static func open(store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock) async throws -> PackedKeyring {
        let keys = PackedKeys(prefix: settings.prefix)
        let configBytes = try await PackedRepository.readConfig(store: store, keys: keys)
        let hasKeys = try await !store.list(prefix: keys.keysFolder, delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: 1).objects.isEmpty
        guard hasKeys else {
            throw RepositoryError(.configuration, "the packed repository under \(keys.prefix) is not encrypted: it has no passphrase to list, add, remove or change. "
                + "To encrypt its history, copy it: agent-backup migrate --to packed --to-prefix NEW-PREFIX --new-passphrase-from-env VAR", files: [keys.config])
        }
        guard let passphrase = settings.passphrase else { throw PackedRepository.encryptedButPlainRun(keys) }
        let unlocked = try await PackedRepository.unlock(
            store: store, keys: keys, configBytes: configBytes, passphrase: passphrase, cacheFolder: settings.cacheFolder)
        return PackedKeyring(store: store, keys: keys, configBytes: configBytes, unlocked: unlocked, passphrase: passphrase, host: settings.host, clock: clock)
    }

    public func keys() async throws -> [RepositoryKeyInfo] {
        let ids = try await store.listAll(prefix: keys.keysFolder).objects.compactMap { keys.id(in: $0.key, folder: keys.keysFolder) }
        let codec = EncryptingCodec(passphrase: passphrase)
        var result: [RepositoryKeyInfo] = []
        for id in ids.sorted(by: { $0.hex < $1.hex }) {
            if id == unlocked.id {
                result.append(info(id, unlocked.key, opens: true, inUse: true))
                continue
            }
            let object = keys.key(id)
            let stored: [UInt8]
            do {
                stored = try await store.get(key: object, maxBytes: PackedRepository.maxSmallObject)
            } catch let error as StoreError where error.code == .notFound {
                continue  // removed meanwhile
            }
            do {
                let key = try KeyFile.open(stored, with: codec, object: object)
                // A key that opens but holds another master key belongs to no passphrase of this repository.
                let ours = key.masterKey == unlocked.key.masterKey
                result.append(info(id, ours ? key : nil, opens: ours, inUse: false))
            } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .notEncrypted {
                result.append(info(id, nil, opens: false, inUse: false))
            }
        }
        return result
    }

    public func addKey(passphrase: String) async throws -> RepositoryKeyInfo {
        let key = KeyFile(created: SnapshotIDTime.iso(clock.now()), host: host, masterKey: unlocked.key.masterKey)
        let sealed = try key.sealed(with: EncryptingCodec(passphrase: passphrase))
        let id = BlobID.hashing(sealed)
        try await store.put(key: keys.key(id), body: .bytes(sealed), contentType: "application/octet-stream")
        return info(id, key, opens: passphrase == self.passphrase, inUse: false)
    }

    public func checkKey(id: String, passphrase: String) async throws {
        let blob = try blobID(id)
        let object = keys.key(blob)
        let opened: KeyFile
        do {
            opened = try KeyFile.open(try await store.get(key: object, maxBytes: PackedRepository.maxSmallObject),
                                      with: EncryptingCodec(passphrase: passphrase), object: object)
        } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .notEncrypted {
            throw RepositoryError(.integrity, "\(object) read back does not open with its passphrase", files: [object])
        }
        let cipher = RepositoryCipher.encrypting(masterKey: SecureBytes(opened.masterKey))
        guard opened.masterKey == unlocked.key.masterKey, (try? PackedDocument.decode(configBytes, cipher: cipher, object: keys.config)) != nil else {
            throw RepositoryError(.integrity, "\(object) read back does not hold the master key of the repository under \(keys.prefix)", files: [object])
        }
    }

    public func removeKey(id: String) async throws {
        try await store.delete(keys: [keys.key(try blobID(id))])
    }

    private func blobID(_ id: String) throws -> BlobID {
        guard let blob = BlobID(hex: id), blob.hex == id else {
            throw RepositoryError(.configuration, "\"\(id)\" is not a key id (64 hex digits, as `key list --json` prints them)")
        }
        return blob
    }

    private func info(_ id: BlobID, _ key: KeyFile?, opens: Bool, inUse: Bool) -> RepositoryKeyInfo {
        RepositoryKeyInfo(id: id.hex, created: key?.created, host: key?.host, opensWithThisPassphrase: opens, inUse: inUse)
    }
}
