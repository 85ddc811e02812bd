import AgentBackupTestSupport
import Foundation

/// Folders of test files as `[relative path: bytes]`: read one, write one, make a seeded one,
/// change one the way an agent would between backups.
enum TreeFiles {
    /// Every regular file under `root` (hidden ones too; symbolic links not followed).
    static func read(_ root: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return files }
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
            files[relative] = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        }
        return files
    }

    /// Writes every file (creating folders), leaving other files alone.
    static func write(_ files: [String: [UInt8]], into root: String) throws {
        for (relative, bytes) in files {
            let path = root + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Makes `root` hold exactly `files` (removes everything else in it).
    static func replace(_ root: String, with files: [String: [UInt8]]) throws {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            try FileManager.default.removeItem(atPath: root + "/" + name)
        }
        try write(files, into: root)
    }

    /// `count` files of random sizes up to `maxSize` in a few folders (sizes include 0 and some
    /// above 256 KiB, which the S3 client streams instead of sending from memory).
    static func generate(seed: UInt64, count: Int, maxSize: Int) -> [String: [UInt8]] {
        var random = SplitMix64(seed: seed)
        var files: [String: [UInt8]] = [:]
        for index in 0..<count {
            let folder = ["sessions", "sessions/2026", "config", "blobs"][index % 4]
            let size = index == 0 ? 0 : Int(random.next() % UInt64(maxSize + 1))
            files["\(folder)/file-\(index).bin"] = bytes(count: size, using: &random)
        }
        return files
    }

    /// Changes a seeded few files: one rewritten, one grown, one added, one deleted.
    static func mutate(_ files: inout [String: [UInt8]], seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let names = files.keys.sorted()
        if let rewrite = names.randomElement(using: &random) {
            files[rewrite] = bytes(count: Int(random.next() % 40_000), using: &random)
        }
        if let grow = names.randomElement(using: &random) {
            files[grow, default: []] += bytes(count: 1 + Int(random.next() % 4_000), using: &random)
        }
        files["sessions/added-\(seed).jsonl"] = bytes(count: Int(random.next() % 20_000), using: &random)
        if names.count > 3, let gone = names.randomElement(using: &random), files.count > 4 {
            files[gone] = nil
        }
    }

    /// Seeded bytes, 8 at a time.
    static func bytes(count: Int, using random: inout SplitMix64) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            withUnsafeBytes(of: random.next()) { out += $0 }
        }
        return Array(out.prefix(count))
    }

    /// Leftover temporary files of ours under `root` (partial restores, atomic-write temps).
    static func temporaryLeftovers(_ root: String) -> [String] {
        read(root).keys.filter { path in
            let name = (path as NSString).lastPathComponent
            return name.hasPrefix(".agent-backup") || name.contains(".partial") || name.hasSuffix(".tmp")
        }.sorted()
    }
}
