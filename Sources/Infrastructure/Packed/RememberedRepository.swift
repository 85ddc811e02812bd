import AgentBackupPorts
import Foundation

/// What this machine remembers of the encrypted packed repository it last opened under a prefix
/// of a store: the stored key object that opened it and the stored config, both as the bucket
/// holds them (sealed), in the private cache folder. The next open then costs one LIST of
/// `keys/` instead of a HEAD and a GET of the config and a GET of a key: key objects are named
/// by the hash of their bytes, so a listed id proves the remembered bytes are still the bucket's,
/// and a config is written once, when the repository (and its master key) is created.
/// Best effort: what cannot be written or read only costs the full open.
struct RememberedRepository: Sendable {
    let path: String?

    init(cacheFolder: String?, store: any ObjectStore, prefix: String) {
        let name = Hex.encode(SHA256Digest.hash(Array((store.displayName + "\n" + PackedKeys(prefix: prefix).prefix).utf8)))
        path = cacheFolder.map { $0 + "/remembered/" + name }
    }

    struct Entry: Equatable {
        var keyObject: [UInt8]
        var config: [UInt8]
        var keyID: BlobID { BlobID.hashing(keyObject) }
    }

    /// The entry, as `[key length: UInt32 big-endian][key object][config]`.
    func load() -> Entry? {
        guard let path, let data = FileManager.default.contents(atPath: path), data.count > 4 else { return nil }
        let bytes = [UInt8](data)
        let keyLength = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard keyLength > 0, bytes.count > 4 + keyLength else { return nil }
        return Entry(keyObject: Array(bytes[4..<(4 + keyLength)]), config: Array(bytes[(4 + keyLength)...]))
    }

    func save(_ entry: Entry) {
        guard let path, entry != load() else { return }
        let count = UInt32(entry.keyObject.count)
        let header: [UInt8] = [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
        CacheFile.write(header + entry.keyObject + entry.config, to: path)
    }

    func forget() {
        guard let path else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
