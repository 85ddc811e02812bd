import Foundation
import AgentBackupDomain
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


    /// Entries of regular files by virtual path (compared by bytes).
    private(set) var files: [VirtualPath: Entry] = [:]
    /// Entries of SQLite databases: the database's and its WAL's metadata folded into one
    /// status (`SQLiteStatus`), with the uploaded copy's hash and size as `hash`.
    private(set) var databases: [VirtualPath: Entry] = [:]

    init() {}

    init(files: [VirtualPath: Entry], databases: [VirtualPath: Entry]) {
        self.files = files
        self.databases = databases
    }

    /// The cached hash of `path` when its metadata is unchanged, nil otherwise.
    func hash(for path: VirtualPath, status: FileStatus) -> String? {
        guard let entry = files[path], entry.matches(status) else { return nil }
        return entry.hash
    }

    /// The cached entry of the copy of database `path` when its (folded) metadata is unchanged.
    func database(_ path: VirtualPath, status: FileStatus) -> ManifestEntry? {
        guard let entry = databases[path], entry.matches(status) else { return nil }
        return SQLiteStatus.entry(entry.hash)
    }

    /// Records a hash computed during a scan that began at `scanStartNs`, unless the file is
    /// too recent to trust its metadata later (then any old entry is dropped).
    mutating func record(path: VirtualPath, status: FileStatus, hash: String, scanStartNs: Int64, racyWindowNs: Int64) {
        files[path] = Self.trusted(status, value: hash, scanStartNs: scanStartNs, racyWindowNs: racyWindowNs)
    }

    /// Records the entry of a database copy under the database's folded metadata.
    ///
    /// An agent writes its database all the time, so it is usually within the racy window of a
    /// push, and the entry the push made was not trusted: the next push snapshotted and hashed
    /// every database again (issue #17 item 6). The window exists for file systems that stamp
    /// whole (or two) seconds; where the metadata carries a fraction of a second (ext4, XFS,
    /// btrfs, APFS stamp from the kernel's clock tick, at most 10 ms) a write after our read
    /// moves the stamp unless it lands within `fineTimestampWindowNs` of the previous one.
    mutating func recordDatabase(path: VirtualPath, status: FileStatus, copy: ManifestEntry, scanStartNs: Int64, racyWindowNs: Int64) {
        files[path] = nil
        let window = Self.hasFineTimestamps(status) ? min(racyWindowNs, Self.fineTimestampWindowNs) : racyWindowNs
        databases[path] = Self.trusted(status, value: SQLiteStatus.cacheValue(copy), scanStartNs: scanStartNs, racyWindowNs: window)
    }

    /// The racy window of a database on a file system with sub-second timestamps: ten times a
    /// 100 Hz kernel tick.
    static let fineTimestampWindowNs: Int64 = 100_000_000

    /// Whether both stamps have a fraction of a second (a coarse file system stamps none).
    static func hasFineTimestamps(_ status: FileStatus) -> Bool {
        status.mtimeNs % 1_000_000_000 != 0 && status.ctimeNs % 1_000_000_000 != 0
    }

    private static func trusted(_ status: FileStatus, value: String, scanStartNs: Int64, racyWindowNs: Int64) -> Entry? {
        let limit = scanStartNs - racyWindowNs
        guard status.mtimeNs < limit, status.ctimeNs < limit else { return nil }
        return Entry(status: status, hash: value)
    }

    /// Forgets `path` (its file was rewritten or removed).
    mutating func remove(_ path: VirtualPath) {
        files[path] = nil
        databases[path] = nil
    }

    /// Keeps only the paths in `paths` (files that disappeared stop costing space).
    mutating func retain(only paths: Set<VirtualPath>) {
        // Usually nothing goes (a push where no file was deleted): then no dictionary is rebuilt.
        if !files.keys.allSatisfy(paths.contains) { files = files.filter { paths.contains($0.key) } }
        if !databases.keys.allSatisfy(paths.contains) { databases = databases.filter { paths.contains($0.key) } }
    }

    /// Reads the cache; anything missing, unreadable or of another format gives an empty cache.
    static func load(fileSystem: any FileSystem, path: String) -> StatCache {
        guard (try? fileSystem.status(path)) != nil, let bytes = try? fileSystem.readFile(path),
              let cache = StatCacheFile.decode(bytes)
        else { return StatCache() }
        return cache
    }

    /// Writes the cache atomically (0600: hashes of private files are private too).
    func save(fileSystem: any FileSystem, path: String) throws {
        try fileSystem.writeFileAtomically(path, contents: StatCacheFile.encode(self), mode: 0o600)
        try? fileSystem.remove(path + ".json")  // the JSON form of earlier versions
    }
}
