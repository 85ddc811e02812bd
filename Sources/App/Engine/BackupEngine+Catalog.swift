import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// The snapshots under the prefix from a DELIMITER listing of `<prefix>/` plus one HEAD of
    /// each snapshot folder's `manifest.json`: the cost grows with the number of snapshots, never
    /// with the number of files (SPEC item 8).
    func loadCatalog() async throws -> SnapshotCatalog {
        let folders = try await listFolders(under: layout.listingPrefix)
        let candidates = folders.filter { name in
            !SafetyPrefix.isSafety(name) && (try? SnapshotID(parsing: name)) != nil
        }
        let withManifest = try await foldersWithManifest(candidates, under: layout.listingPrefix)
        return SnapshotCatalog(prefix: configuration.prefix, folders: folders, foldersWithManifest: withManifest)
    }

    /// The complete snapshots inside the safety folder `folder` (`safety-…`), oldest first.
    func safetySnapshots(in folder: String) async throws -> [SnapshotID] {
        let base = layout.listingPrefix + folder + "/"
        let ids = try await listFolders(under: base).compactMap { try? SnapshotID(parsing: $0) }
        let complete = Set(try await foldersWithManifest(ids.map(\.rawValue), under: base))
        return ids.filter { complete.contains($0.rawValue) }.sorted()
    }

    /// Names of the first-level folders under `prefix` (which ends with `/`).
    func listFolders(under prefix: String) async throws -> [String] {
        let listing: ObjectListing
        do {
            listing = try await store.listAll(prefix: prefix, delimiter: "/")
        } catch {
            throw EngineError.wrapping(error, context: "Listing snapshots under \(prefix) in \(store.displayName)")
        }
        return listing.commonPrefixes.compactMap { common in
            guard common.hasPrefix(prefix) else { return nil }
            var name = String(common.dropFirst(prefix.count))
            while name.hasSuffix("/") { name.removeLast() }
            return name.isEmpty || name.contains("/") ? nil : name
        }
    }

    /// The names among `names` whose folder under `prefix` holds a `manifest.json` (one HEAD each).
    private func foldersWithManifest(_ names: [String], under prefix: String) async throws -> [String] {
        let store = self.store
        let found = try await concurrentMap(names, limit: configuration.transferConcurrency) { name -> String? in
            let key = prefix + name + "/manifest.json"
            do {
                return try await store.head(key: key) == nil ? nil : name
            } catch {
                throw EngineError.wrapping(error, context: "Checking \(key)")
            }
        }
        return found.compactMap { $0 }
    }

    /// Deletes every object of the folder `folderKey` (ending with `/`), the manifest FIRST so
    /// that a snapshot stops being restorable before any of its files goes. Returns the count.
    func deleteFolder(_ folderKey: String) async throws -> Int {
        do {
            let keys = try await store.listAll(prefix: folderKey).objects.map(\.key)
            let manifests = keys.filter { $0.hasSuffix("/manifest.json") }
            let others = keys.filter { !$0.hasSuffix("/manifest.json") }
            if !manifests.isEmpty { try await store.delete(keys: manifests) }
            var start = 0
            while start < others.count {
                let end = min(start + 1000, others.count)
                try await store.delete(keys: Array(others[start..<end]))
                start = end
            }
            return keys.count
        } catch {
            throw EngineError.wrapping(error, context: "Deleting \(folderKey)")
        }
    }
}
