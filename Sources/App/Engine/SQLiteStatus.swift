import AgentBackupDomain
import AgentBackupPorts

/// Whether a database changed since its last snapshot, told by metadata alone, so a push with
/// nothing new neither copies nor hashes a large database (SPEC item 10 for databases).
///
/// Every commit writes the database file or its `-wal` (and a checkpoint writes the database):
/// each bumps that file's mtime and ctime. The stat cache keeps, for the database's path
/// (apart from the files' entries), the two files' metadata folded into one `FileStatus` and the entry
/// of the copy that was uploaded (its hash AND size, SPEC item 14). The racy-window rule of the
/// stat cache applies as for any file.
enum SQLiteStatus {
    /// The database's and its WAL's metadata as one status: any write to either changes it (a
    /// write moves the file's mtime, and a checkpoint writes the database).
    static func combined(database: String, status: FileStatus, fileSystem: any FileSystem) throws -> FileStatus {
        // An empty WAL holds no commit: opening the database (our snapshot does) may leave one
        // behind, and counting it would make the next push read the database again.
        guard let wal = try fileSystem.status(database + "-wal"), wal.size > 0 else { return status }
        var combined = status
        combined.size = status.size &* 1_000_003 &+ wal.size
        combined.mtimeNs = max(status.mtimeNs, wal.mtimeNs)
        // Not the WAL's ctime: opening the database (our own snapshot does) truncates an empty
        // WAL again, which bumps its ctime and would make every push re-read the database.
        combined.inode = status.inode &* 31 &+ wal.inode
        return combined
    }

    /// The cached value: the uploaded copy's hash and size.
    static func cacheValue(_ entry: ManifestEntry) -> String { "\(entry.hash)/\(entry.size)" }

    /// The entry back from `cacheValue`; nil for anything else.
    static func entry(_ value: String) -> ManifestEntry? {
        let parts = value.split(separator: "/")
        guard parts.count == 2, parts[0].count == 64, let size = Int64(parts[1]), size >= 0 else { return nil }
        return ManifestEntry(hash: String(parts[0]), size: size)
    }
}
