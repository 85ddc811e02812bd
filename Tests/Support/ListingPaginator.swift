import AgentBackupPorts

/// S3 ListObjectsV2 semantics over keys already sorted by UTF-8 bytes: prefix filter, delimiter
/// roll-up into common prefixes, `startAfter`, continuation tokens, and `maxKeys` (default and cap
/// 1000, as AWS) counting objects and common prefixes together.
///
/// The continuation token is the last key or common prefix returned; a token that is a common
/// prefix also skips every key under it, as S3 does.
struct ListingPaginator {
    var prefix: String
    var delimiter: String?
    var continuationToken: String?
    var startAfter: String?
    var maxKeys: Int?

    func page(sorted objects: [ObjectInfo]) -> ObjectListing {
        let limit = min(maxKeys ?? 1000, 1000)
        if limit <= 0 { return ObjectListing() }
        let prefixBytes = Array(prefix.utf8)
        let delimiterBytes = delimiter.map { Array($0.utf8) } ?? []
        let marker: [UInt8]? = (continuationToken ?? startAfter).map { Array($0.utf8) }
        let tokenPrefix: [UInt8]? = continuationToken.flatMap { token in
            !delimiterBytes.isEmpty && token.utf8.reversed().starts(with: delimiterBytes.reversed())
                ? Array(token.utf8) : nil
        }

        var result = ObjectListing()
        var count = 0
        var lastPrefix: [UInt8]? = nil
        var lastEmitted: [UInt8]? = nil
        for object in objects {
            let key = Array(object.key.utf8)
            guard key.starts(with: prefixBytes) else { continue }
            if let marker, !marker.lexicographicallyPrecedes(key) { continue }
            if let rolled = Self.rolledPrefix(of: key, after: prefixBytes.count, delimiter: delimiterBytes) {
                if rolled == lastPrefix || rolled == tokenPrefix { continue }
                if count == limit {
                    result.nextContinuationToken = lastEmitted.map { String(decoding: $0, as: UTF8.self) }
                    return result
                }
                result.commonPrefixes.append(String(decoding: rolled, as: UTF8.self))
                lastPrefix = rolled
                lastEmitted = rolled
            } else {
                if count == limit {
                    result.nextContinuationToken = lastEmitted.map { String(decoding: $0, as: UTF8.self) }
                    return result
                }
                result.objects.append(object)
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
