import AgentBackupPorts

/// Listing: walk only the folders that can hold keys of the page, decode names back to keys, sort
/// by UTF-8 bytes, then cut the page with S3's rules.
extension LocalDirectoryStore {
    func listNow(_ page: LocalListingPage) throws -> ObjectListing {
        var walker = LocalListingWalker(prefix: page.prefix, delimiter: page.delimiter, marker: page.marker)
        do {
            try walker.walk(root: root)
        } catch let failure as LocalIOFailure {
            throw storeError(failure, operation: "LIST", key: String(decoding: page.prefix, as: UTF8.self))
        }
        let sorted = walker.entries.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        return page.page(sorted: sorted)
    }
}

/// Finds the objects (and, with a delimiter, whole rolled-up folders) that a listing may return.
///
/// It starts at the deepest folder the prefix names, skips folders whose keys cannot match the
/// prefix or all sort before the resume marker, and under a delimiter only checks that a folder
/// holds one object instead of listing it: listing snapshot folders costs one entry per snapshot.
struct LocalListingWalker {
    let prefix: [UInt8]
    let delimiter: [UInt8]
    let marker: [UInt8]?
    private(set) var entries: [LocalListingEntry] = []

    init(prefix: [UInt8], delimiter: [UInt8], marker: [UInt8]?) {
        self.prefix = prefix
        self.delimiter = delimiter
        self.marker = marker
    }

    /// A segment being read across continuation folders: its encoded bytes and names so far.
    struct Pending {
        var encoded: [UInt8] = []
        var names: [[UInt8]] = []
    }

    mutating func walk(root: String) throws {
        guard let slash = prefix.lastIndex(of: UInt8(ascii: "/")) else {
            try walk(directory: root, keyPrefix: [], pending: Pending())
            return
        }
        let folderKey = Array(prefix[...slash])
        let components = LocalKeyMapping.components(of: String(decoding: folderKey.dropLast(), as: UTF8.self))
        try walk(directory: root + "/" + components.joined(separator: "/"), keyPrefix: folderKey, pending: Pending())
    }

    private mutating func walk(directory: String, keyPrefix: [UInt8], pending: Pending) throws {
        for name in try LocalFileIO.entries(of: directory) {
            if name.starts(with: LocalKeyMapping.temporaryPrefix.utf8) { continue }
            let path = directory + "/" + String(decoding: name, as: UTF8.self)
            guard let kind = LocalFileIO.kind(of: path) else { continue }  // removed meanwhile

            if kind == .directory, LocalKeyMapping.isContinuation(name) {
                var next = pending
                next.encoded += name.dropLast(LocalKeyMapping.continuationMarker.count)
                next.names.append(name)
                guard let partial = LocalKeyMapping.decode(next.encoded) else { continue }
                let partialKey = keyPrefix + partial
                if mayHoldMatches(partialKey) { try walk(directory: path, keyPrefix: keyPrefix, pending: next) }
                continue
            }
            guard let segment = Self.segment(named: name, after: pending) else { continue }  // not a name we write
            switch kind {
            case .file:
                let key = keyPrefix + segment
                guard key.starts(with: prefix), marker.map({ $0.lexicographicallyPrecedes(key) }) ?? true,
                    let size = LocalFileIO.regularFileSize(path)
                else { continue }
                entries.append(.object(key: key, size: size))
            case .directory:
                let folderKey = keyPrefix + segment + [UInt8(ascii: "/")]
                guard mayHoldMatches(folderKey) else { continue }
                if let rolled = rolledUp(folderKey) {
                    if try Self.holdsObject(directory: path, pending: Pending()) { entries.append(.commonPrefix(rolled)) }
                } else {
                    try walk(directory: path, keyPrefix: folderKey, pending: Pending())
                }
            case .other:
                continue  // symbolic links and devices are never objects
            }
        }
    }

    /// The segment a (final) name stands for, given the continuation folders above it; nil for
    /// names the mapping would not write.
    static func segment(named name: [UInt8], after pending: Pending) -> [UInt8]? {
        guard let segment = LocalKeyMapping.decode(pending.encoded + name) else { return nil }
        let expected = LocalKeyMapping.names(forSegment: segment)
        guard expected.count == pending.names.count + 1,
            zip(expected, pending.names + [name]).allSatisfy({ Array($0.utf8) == $1 })
        else { return nil }
        return segment
    }

    /// Whether keys starting with `keyPrefix` can be on this page: they match the prefix (or the
    /// prefix continues below), and they do not all sort at or before the marker.
    private func mayHoldMatches(_ keyPrefix: [UInt8]) -> Bool {
        guard keyPrefix.starts(with: prefix) || prefix.starts(with: keyPrefix) else { return false }
        if let marker, keyPrefix.lexicographicallyPrecedes(marker), !marker.starts(with: keyPrefix) { return false }
        return true
    }

    /// The common prefix every key below `folderKey` rolls up to, when the delimiter already occurs
    /// in `folderKey` after the prefix and the marker does not point inside it.
    private func rolledUp(_ folderKey: [UInt8]) -> [UInt8]? {
        guard !delimiter.isEmpty, folderKey.starts(with: prefix),
            let rolled = LocalListingPage.rolledPrefix(of: folderKey, after: prefix.count, delimiter: delimiter)
        else { return nil }
        if let marker, marker.starts(with: rolled), marker != rolled { return nil }
        return rolled
    }

    /// Whether a folder holds at least one object, stopping at the first.
    static func holdsObject(directory: String, pending: Pending) throws -> Bool {
        for name in try LocalFileIO.entries(of: directory) {
            if name.starts(with: LocalKeyMapping.temporaryPrefix.utf8) { continue }
            let path = directory + "/" + String(decoding: name, as: UTF8.self)
            switch LocalFileIO.kind(of: path) {
            case .directory where LocalKeyMapping.isContinuation(name):
                var next = pending
                next.encoded += name.dropLast(LocalKeyMapping.continuationMarker.count)
                next.names.append(name)
                if try holdsObject(directory: path, pending: next) { return true }
            case .directory:
                if segment(named: name, after: pending) != nil, try holdsObject(directory: path, pending: Pending()) { return true }
            case .file:
                if segment(named: name, after: pending) != nil { return true }
            default:
                continue
            }
        }
        return false
    }
}
