import AgentBackupPorts

/// One thing a folder walk found: an object, or a common prefix it already rolled up (a whole
/// folder under the delimiter, found to hold at least one object without listing it all).
enum LocalListingEntry {
    case object(key: [UInt8], size: Int64)
    case commonPrefix([UInt8])

    var sortKey: [UInt8] {
        switch self {
        case .object(let key, _): return key
        case .commonPrefix(let prefix): return prefix
        }
    }
}

/// S3 ListObjectsV2 semantics over entries sorted by UTF-8 bytes: prefix filter, delimiter roll-up
/// into common prefixes, `startAfter`, continuation tokens, and `maxKeys` (default and cap 1000, as
/// AWS) counting objects and common prefixes together. The same rules as the test support's
/// in-memory store, which cannot import this target.
///
/// The continuation token is the last key or common prefix returned; a token that is a common
/// prefix also skips every key under it, as S3 does.
struct LocalListingPage {
    var prefix: [UInt8]
    var delimiter: [UInt8]
    var continuationToken: String?
    var startAfter: String?
    var maxKeys: Int?

    /// Where the listing resumes: the token, else `startAfter` (S3 ignores `startAfter` with a token).
    var marker: [UInt8]? { (continuationToken ?? startAfter).map { Array($0.utf8) } }

    func page(sorted entries: [LocalListingEntry]) -> ObjectListing {
        let limit = min(maxKeys ?? 1000, 1000)
        if limit <= 0 { return ObjectListing() }
        let marker = marker
        let tokenPrefix: [UInt8]? = continuationToken.flatMap { token in
            !delimiter.isEmpty && token.utf8.reversed().starts(with: delimiter.reversed()) ? Array(token.utf8) : nil
        }
        var result = ObjectListing()
        var count = 0
        var lastPrefix: [UInt8]? = nil
        var lastEmitted: [UInt8]? = nil
        for entry in entries {
            let key = entry.sortKey
            guard key.starts(with: prefix) else { continue }
            if let marker, !marker.lexicographicallyPrecedes(key) { continue }
            let rolled: [UInt8]?
            switch entry {
            case .commonPrefix(let prefix): rolled = prefix
            case .object: rolled = Self.rolledPrefix(of: key, after: prefix.count, delimiter: delimiter)
            }
            if let rolled, rolled == lastPrefix || rolled == tokenPrefix { continue }
            if count == limit {
                result.nextContinuationToken = lastEmitted.map { String(decoding: $0, as: UTF8.self) }
                return result
            }
            if let rolled {
                result.commonPrefixes.append(String(decoding: rolled, as: UTF8.self))
                lastPrefix = rolled
                lastEmitted = rolled
            } else if case .object(_, let size) = entry {
                result.objects.append(ObjectInfo(key: String(decoding: key, as: UTF8.self), size: size))
                lastEmitted = key
            }
            count += 1
        }
        return result
    }

    /// The key up to and including the first delimiter after the listing prefix, if any.
    static func rolledPrefix(of key: [UInt8], after start: Int, delimiter: [UInt8]) -> [UInt8]? {
        guard !delimiter.isEmpty, key.count >= start + delimiter.count else { return nil }
        var i = start
        while i + delimiter.count <= key.count {
            if key[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                return Array(key[..<(i + delimiter.count)])
            }
            i += 1
        }
        return nil
    }
}
