import AgentBackupDomain
import AgentBackupPorts

/// Tells which layout a prefix of a bucket holds, from what is there: the packed `config`
/// marker object (FORMAT.md section 1) means packed; a first-level folder named like a
/// snapshot (`<id>/`) or a safety folder (`safety-…/`) means reference; neither means nothing
/// is there yet (nil), whatever else the prefix may hold.
///
/// Costs one HEAD, and for a prefix that is not packed one delimiter listing that stops at the
/// first page holding a snapshot folder.
public struct LayoutDetector: Sendable {
    let store: any ObjectStore
    let prefix: String

    public init(store: any ObjectStore, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    /// The layout the prefix holds, or nil for a prefix with no backup in either layout.
    public func detect() async throws -> RepositoryLayout? {
        let keys = PackedKeys(prefix: prefix)
        do {
            if try await store.head(key: keys.config) != nil { return .packed }
            return try await holdsReferenceSnapshot(root: keys.prefix.isEmpty ? "" : keys.prefix + "/") ? .reference : nil
        } catch {
            throw RepositoryError.wrapping(error, context: "Looking for a backup under \(keys.prefix) in \(store.displayName)")
        }
    }

    private func holdsReferenceSnapshot(root: String) async throws -> Bool {
        var token: String?
        repeat {
            let page = try await store.list(prefix: root, delimiter: "/", continuationToken: token, startAfter: nil, maxKeys: nil)
            if page.commonPrefixes.contains(where: { Self.isSnapshotFolder($0, under: root) }) { return true }
            token = page.nextContinuationToken
        } while token != nil
        return false
    }

    /// `<root><snapshot id>/` or `<root>safety-…/`.
    static func isSnapshotFolder(_ common: String, under root: String) -> Bool {
        guard common.utf8.starts(with: root.utf8) else { return false }
        var name = String(decoding: common.utf8.dropFirst(root.utf8.count), as: UTF8.self)
        while name.hasSuffix("/") { name.removeLast() }
        guard !name.isEmpty, !name.contains("/") else { return false }
        return SafetyPrefix.isSafety(name) || (try? SnapshotID(parsing: name)) != nil
    }
}
