import AgentBackupPorts
import Foundation

/// What this machine remembers of the encrypted packed repository it last opened under a prefix
/// of a store, in the private cache folder: the stored key object that opened it, the stored
/// (sealed) config and the config's plaintext. The next open then costs one LIST of `keys/`
/// and no scrypt until an operation needs the master key: key objects are named by the hash of
/// their bytes, so a listed id proves the remembered key object is still the bucket's, and a
/// config is written once, when the repository (and its master key) is created. The plaintext
/// config (chunker parameters and key, pack size) is no secret on the machine whose files it
/// cuts; the master key is never written here. Best effort: what cannot be written or read only
/// costs the full open.
struct RememberedRepository: Sendable {
    let path: String?

    init(cacheFolder: String?, store: any ObjectStore, prefix: String) {
        let name = Hex.encode(SHA256Digest.hash(Array((store.displayName + "\n" + PackedKeys(prefix: prefix).prefix).utf8)))
        path = cacheFolder.map { $0 + "/remembered/" + name }
    }

    struct Entry: Equatable {
        var keyObject: [UInt8]
        var sealedConfig: [UInt8]
        var plainConfig: [UInt8]
        var keyID: BlobID { BlobID.hashing(keyObject) }
    }

    /// The entry, as `[length: UInt32 BE][key object][length][sealed config][plaintext config]`.
    func load() -> Entry? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        var rest = [UInt8](data)[...]
        func field() -> [UInt8]? {
            guard rest.count >= 4 else { return nil }
            let length = rest.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            rest = rest.dropFirst(4)
            guard length > 0, rest.count >= length else { return nil }
            defer { rest = rest.dropFirst(length) }
            return Array(rest.prefix(length))
        }
        guard let key = field(), let sealed = field(), !rest.isEmpty else { return nil }
        return Entry(keyObject: key, sealedConfig: sealed, plainConfig: Array(rest))
    }

    func save(_ entry: Entry) {
        guard let path, entry != load() else { return }
        func length(_ bytes: [UInt8]) -> [UInt8] {
            let count = UInt32(bytes.count)
            return [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
        }
        CacheFile.write(length(entry.keyObject) + entry.keyObject + length(entry.sealedConfig) + entry.sealedConfig + entry.plainConfig, to: path)
    }

    func forget() {
        guard let path else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
