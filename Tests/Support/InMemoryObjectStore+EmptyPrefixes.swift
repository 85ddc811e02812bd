import AgentBackupPorts

/// Stores such as SeaweedFS keep reporting a "folder" (a `CommonPrefixes` entry of a delimiter
/// listing) after its last object was deleted. With `keepsEmptyPrefixes` on, the in-memory store
/// does the same: every folder a deleted key was in stays listed, holding nothing.
extension InMemoryObjectStore {
    /// Whether emptied folders keep being reported (off by default, as S3 does).
    public var keepsEmptyPrefixes: Bool {
        get { state.withLock { $0.keepsEmptyPrefixes } }
        set { state.withLock { $0.keepsEmptyPrefixes = newValue } }
    }

    /// Every folder of `key`: `a/b/c` → `a/`, `a/b/`.
    static func folders(of key: String) -> [String] {
        var folders: [String] = []
        var current: [UInt8] = []
        for byte in key.utf8 {
            current.append(byte)
            if byte == UInt8(ascii: "/") { folders.append(String(decoding: current, as: UTF8.self)) }
        }
        return folders
    }

    /// `page` plus the emptied folders directly under `prefix`, on the first page of a `/`
    /// delimiter listing (enough for the listings the tests make).
    func withEmptiedFolders(_ page: ObjectListing, prefix: String, delimiter: String?, continuationToken: String?) -> ObjectListing {
        guard delimiter == "/", continuationToken == nil else { return page }
        let emptied = state.withLock { $0.emptiedFolders }
        let children = emptied.filter { folder in
            guard folder.utf8.count > prefix.utf8.count, folder.utf8.starts(with: prefix.utf8) else { return false }
            return folder.utf8.dropFirst(prefix.utf8.count).filter { $0 == UInt8(ascii: "/") }.count == 1
        }
        guard !children.isEmpty else { return page }
        var result = page
        let all = Set(page.commonPrefixes).union(children)
        result.commonPrefixes = all.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return result
    }
}
