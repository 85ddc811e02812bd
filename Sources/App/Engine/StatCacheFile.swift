import AgentBackupDomain

/// The stat cache on disk: one line per file, read without a JSON decoder because a no-change
/// push of 100,000 files spent a sixth of its time decoding the JSON form.
///
///     agent-backup statcache 2
///     <size> <mtimeNs> <ctimeNs> <inode> <device> <hash> <path>
///
/// Fields are separated by one space; the path comes last and may hold spaces, with `\` written
/// `\\` and a newline `\n`; a database's entry is its path followed by NUL and `sqlite`. Paths
/// keep their exact bytes. Any line that does not parse makes the whole file count as missing
/// (every file is hashed once more, nothing worse).
enum StatCacheFile {
    static let header = Array("agent-backup statcache 2\n".utf8)

    /// The suffix of a database's entry (NUL never occurs in a virtual path).
    static let databaseSuffix = Array("\u{0}sqlite".utf8)

    static func encode(_ cache: StatCache) -> [UInt8] {
        var out = header
        out.reserveCapacity(header.count + (cache.files.count + cache.databases.count) * 160)
        let entries = cache.files.map { (Array($0.key.string.utf8), $0.value) }
            + cache.databases.map { (Array($0.key.string.utf8) + databaseSuffix, $0.value) }
        for (path, entry) in entries {
            for number in [entry.size, entry.mtimeNs, entry.ctimeNs] {
                out.append(contentsOf: String(number).utf8)
                out.append(UInt8(ascii: " "))
            }
            for number in [entry.inode, entry.device] {
                out.append(contentsOf: String(number).utf8)
                out.append(UInt8(ascii: " "))
            }
            out.append(contentsOf: entry.hash.utf8)
            out.append(UInt8(ascii: " "))
            for byte in path {
                switch byte {
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> StatCache? {
        guard bytes.starts(with: header) else { return nil }
        var files: [VirtualPath: StatCache.Entry] = [:]
        var databases: [VirtualPath: StatCache.Entry] = [:]
        // One line per entry: sized once instead of rehashed at every doubling.
        files.reserveCapacity(bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 })
        var index = header.count
        let newline = UInt8(ascii: "\n")
        while index < bytes.count {
            guard let end = bytes[index...].firstIndex(of: newline), let parsed = line(bytes[index..<end]) else { return nil }
            var path = parsed.0
            let entry = parsed.1
            let isDatabase = path.count > databaseSuffix.count && path.suffix(databaseSuffix.count).elementsEqual(databaseSuffix)
            if isDatabase { path.removeLast(databaseSuffix.count) }
            guard let text = String(validating: path, as: UTF8.self), let virtual = try? VirtualPath(text) else { return nil }
            if isDatabase { databases[virtual] = entry } else { files[virtual] = entry }
            index = end + 1
        }
        return StatCache(files: files, databases: databases)
    }

    private static func line(_ line: ArraySlice<UInt8>) -> ([UInt8], StatCache.Entry)? {
        var cursor = line.startIndex
        func field() -> ArraySlice<UInt8>? {
            guard let space = line[cursor...].firstIndex(of: UInt8(ascii: " ")) else { return nil }
            defer { cursor = space + 1 }
            return line[cursor..<space]
        }
        guard let size = field().flatMap(integer), let mtime = field().flatMap(integer), let ctime = field().flatMap(integer),
              let inode = field().flatMap(unsigned), let device = field().flatMap(unsigned),
              let hash = field(), !hash.isEmpty, size >= 0
        else { return nil }
        var path: [UInt8] = []
        path.reserveCapacity(line.endIndex - cursor)
        var escaped = false
        for byte in line[cursor...] {
            if escaped {
                switch byte {
                case UInt8(ascii: "\\"): path.append(byte)
                case UInt8(ascii: "n"): path.append(UInt8(ascii: "\n"))
                default: return nil
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                path.append(byte)
            }
        }
        guard !escaped, !path.isEmpty else { return nil }
        let entry = StatCache.Entry(size: size, mtimeNs: mtime, ctimeNs: ctime, inode: inode, device: device,
                                    hash: String(decoding: hash, as: UTF8.self))
        return (path, entry)
    }

    /// A decimal Int64 (times before 1970 are negative).
    private static func integer(_ digits: ArraySlice<UInt8>) -> Int64? {
        if digits.first == UInt8(ascii: "-") {
            return unsigned(digits.dropFirst()).flatMap { $0 <= UInt64(Int64.max) ? -Int64($0) : nil }
        }
        return unsigned(digits).flatMap { $0 <= UInt64(Int64.max) ? Int64($0) : nil }
    }

    /// A decimal UInt64 (inode and device numbers use the whole range on some file systems).
    private static func unsigned(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
