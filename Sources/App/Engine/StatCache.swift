import Foundation
import AgentBackupPorts

/// The tool's memo of file hashes keyed by metadata (SPEC item 10): a file whose size,
/// modification time, change time, inode and device all match its entry is not read again.
///
/// Entries are only recorded for files last modified (and changed) more than the racy window
/// before the scan began: a write landing in the same timestamp tick as the hash would keep the
/// metadata and change the bytes, so such a file is hashed again on the next run (git's "racy
/// clean" rule). Stored at `<cacheDir>/statcache` (`StatCacheFile`); a missing or unreadable cache only means
/// every file is hashed once more.
struct StatCache: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        var size: Int64
        var mtimeNs: Int64
        var ctimeNs: Int64
        var inode: UInt64
        var device: UInt64
        var hash: String

        init(size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: UInt64, device: UInt64, hash: String) {
            self.size = size
            self.mtimeNs = mtimeNs
            self.ctimeNs = ctimeNs
            self.inode = inode
            self.device = device
            self.hash = hash
        }

        init(status: FileStatus, hash: String) {
            self.init(size: status.size, mtimeNs: status.mtimeNs, ctimeNs: status.ctimeNs, inode: status.inode, device: status.device, hash: hash)
        }

        func matches(_ status: FileStatus) -> Bool {
            status.kind == .regular && size == status.size && mtimeNs == status.mtimeNs
                && ctimeNs == status.ctimeNs && inode == status.inode && device == status.device
        }
    }


    /// Entries by virtual path.
    private(set) var entries: [String: Entry] = [:]

    init() {}

    /// The cached hash of `path` when its metadata is unchanged, nil otherwise.
    func hash(for path: String, status: FileStatus) -> String? {
        guard let entry = entries[path], entry.matches(status) else { return nil }
        return entry.hash
    }

    /// Records a hash computed during a scan that began at `scanStartNs`, unless the file is
    /// too recent to trust its metadata later (then any old entry is dropped).
    mutating func record(path: String, status: FileStatus, hash: String, scanStartNs: Int64, racyWindowNs: Int64) {
        let limit = scanStartNs - racyWindowNs
        guard status.mtimeNs < limit, status.ctimeNs < limit else {
            entries[path] = nil
            return
        }
        entries[path] = Entry(status: status, hash: hash)
    }

    /// Forgets `path` (its file was rewritten or removed).
    mutating func remove(_ path: String) {
        entries[path] = nil
    }

    /// Keeps only the paths in `paths` (files that disappeared stop costing space).
    mutating func retain(only paths: Set<String>) {
        entries = entries.filter { paths.contains($0.key) }
    }

    /// Reads the cache; anything missing, unreadable or of another format gives an empty cache.
    static func load(fileSystem: any FileSystem, path: String) -> StatCache {
        guard (try? fileSystem.status(path)) != nil, let bytes = try? fileSystem.readFile(path),
              let entries = StatCacheFile.decode(bytes)
        else { return StatCache() }
        var cache = StatCache()
        cache.entries = entries
        return cache
    }

    /// Writes the cache atomically (0600: hashes of private files are private too).
    func save(fileSystem: any FileSystem, path: String) throws {
        try fileSystem.writeFileAtomically(path, contents: StatCacheFile.encode(entries), mode: 0o600)
        try? fileSystem.remove(path + ".json")  // the JSON form of earlier versions
    }
}
