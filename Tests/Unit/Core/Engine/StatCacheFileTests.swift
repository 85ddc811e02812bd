@testable import AgentBackup
@testable import AgentBackupDomain
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner
import AgentBackupPorts
import Testing

/// The stat cache's line format: every path survives, anything damaged counts as no cache.
@Suite struct StatCacheFileTests {
    static let hash = String(repeating: "ab", count: 32)

    static func entry(size: Int64, mtime: Int64, inode: UInt64) -> StatCache.Entry {
        StatCache.Entry(
            status: FileStatus(kind: .regular, size: size, mtimeNs: mtime, ctimeNs: mtime + 1, inode: inode, device: 65024), hash: hash)
    }

    @Test func roundTripsAwkwardPathsAndNumbers() throws {
        let files: [VirtualPath: StatCache.Entry] = [
            VirtualPath(unchecked: "data/plain.json"): Self.entry(size: 0, mtime: 1_795_630_737_898_917_212, inode: 1),
            VirtualPath(unchecked: "data/with space and\ttab.txt"): Self.entry(size: 12, mtime: -86_400_000_000_000, inode: UInt64.max),
            VirtualPath(unchecked: "data/line\nbreak"): Self.entry(size: Int64.max, mtime: 0, inode: 42),
            VirtualPath(unchecked: "data/caf\u{e9}/\u{1F600}.md"): Self.entry(size: 5, mtime: 7, inode: 7),
            VirtualPath(unchecked: "data/cafe\u{301}/\u{1F600}.md"): Self.entry(size: 6, mtime: 8, inode: 8),
            VirtualPath(unchecked: "w1/state.db"): Self.entry(size: 9, mtime: 9, inode: 9),
        ]
        var database = Self.entry(size: 9, mtime: 9, inode: 9)
        database.hash = Self.hash + "/4096"  // a database's value: its copy's hash and size
        let cache = StatCache(files: files, databases: [VirtualPath(unchecked: "w1/state.db"): database])
        let bytes = StatCacheFile.encode(cache)
        #expect(bytes.starts(with: StatCacheFile.header))
        #expect(StatCacheFile.decode(bytes) == cache, "precomposed and decomposed names stay two entries; a file and a database of one name stay apart")
        #expect(StatCacheFile.decode(bytes)?.files.count == 6)
        #expect(StatCacheFile.decode(StatCacheFile.header) == StatCache())
    }

    @Test func anythingDamagedIsNoCacheAtAll() {
        let good = StatCacheFile.encode(StatCache(files: [VirtualPath(unchecked: "a/b"): Self.entry(size: 1, mtime: 2, inode: 3)], databases: [:]))
        #expect(StatCacheFile.decode(good) != nil)
        #expect(StatCacheFile.decode(Array(good.dropLast())) == nil, "a last line without its newline")
        #expect(StatCacheFile.decode(Array("{\"version\":1,\"entries\":{}}".utf8)) == nil, "the JSON form of earlier versions")
        var flipped = good
        flipped[StatCacheFile.header.count] = UInt8(ascii: "x")
        #expect(StatCacheFile.decode(flipped) == nil, "a size that is no number")
        let noHash = Array("agent-backup statcache 2\n1 2 3 4 5  a/b\n".utf8)
        #expect(StatCacheFile.decode(noHash) == nil)
        let badEscape = Array("agent-backup statcache 2\n1 2 3 4 5 \(Self.hash) a\\tb\n".utf8)
        #expect(StatCacheFile.decode(badEscape) == nil)
        let overflow = Array("agent-backup statcache 2\n99999999999999999999 2 3 4 5 \(Self.hash) a\n".utf8)
        #expect(StatCacheFile.decode(overflow) == nil)
    }

    /// Entries of files gone from the scan are dropped; when none went, the cache is unchanged.
    @Test func retainKeepsOnlyTheScannedPaths() {
        let (a, b, db) = (VirtualPath(unchecked: "w/a"), VirtualPath(unchecked: "w/b"), VirtualPath(unchecked: "w/x.db"))
        let full = StatCache(files: [a: Self.entry(size: 1, mtime: 1, inode: 1), b: Self.entry(size: 2, mtime: 2, inode: 2)],
                             databases: [db: Self.entry(size: 3, mtime: 3, inode: 3)])
        var same = full
        same.retain(only: [a, b, db, VirtualPath(unchecked: "w/new")])
        #expect(same == full)
        var fewer = full
        fewer.retain(only: [b])
        #expect(Set(fewer.files.keys) == [b] && fewer.databases.isEmpty)
        #expect(fewer.files[b] == full.files[b])
    }
}
