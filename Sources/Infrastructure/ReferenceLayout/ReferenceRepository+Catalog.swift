import AgentBackupDomain
import AgentBackupPorts

extension ReferenceRepository {
    /// The snapshots from a DELIMITER listing of `<prefix>/` plus one HEAD of each candidate
    /// folder's `manifest.json` (and the same inside each safety folder): the cost grows with the
    /// number of snapshots, never with the number of files (SPEC item 8).
    public func catalog() async throws -> RepositoryCatalog {
        let folders = try await folderCatalog()
        var result = RepositoryCatalog(regular: folders.complete.map { SnapshotRef.regular($0) })
        result.incomplete = folders.incomplete.map(\.rawValue)
        for folder in folders.safety {
            let (complete, incomplete) = try await safetySnapshots(in: folder)
            result.safety += try complete.map { try SnapshotRef.safety(folder: folder, id: $0) }
            result.incomplete += incomplete.map { folder + "/" + $0.rawValue }
        }
        result.safety.sort()
        return result
    }

    /// The first-level folders sorted into complete, incomplete, safety and foreign.
    func folderCatalog() async throws -> SnapshotCatalog {
        let folders = try await listFolders(under: keys.root)
        let candidates = folders.filter { !SafetyPrefix.isSafety($0) && (try? SnapshotID(parsing: $0)) != nil }
        let withManifest = try await foldersWithManifest(candidates, under: keys.root)
        return SnapshotCatalog(prefix: keys.prefix, folders: folders, foldersWithManifest: withManifest)
    }

    /// The snapshot folders inside the safety folder `folder`: complete and incomplete, oldest first.
    func safetySnapshots(in folder: String) async throws -> (complete: [SnapshotID], incomplete: [SnapshotID]) {
        let base = keys.folder(named: folder)
        let ids = try await listFolders(under: base).compactMap { try? SnapshotID(parsing: $0) }
        let complete = Set(try await foldersWithManifest(ids.map(\.rawValue), under: base))
        return (ids.filter { complete.contains($0.rawValue) }.sorted(), ids.filter { !complete.contains($0.rawValue) }.sorted())
    }

    /// Names of the first-level folders under `prefix` (which ends with `/`).
    func listFolders(under prefix: String) async throws -> [String] {
        let listing: ObjectListing
        do {
            listing = try await store.listAll(prefix: prefix, delimiter: "/")
        } catch {
            throw RepositoryError.wrapping(error, context: "Listing snapshots under \(prefix) in \(store.displayName)")
        }
        return listing.commonPrefixes.compactMap { common in
            guard common.utf8.starts(with: prefix.utf8) else { return nil }
            var name = String(decoding: common.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
            while name.hasSuffix("/") { name.removeLast() }
            return name.isEmpty || name.utf8.contains(UInt8(ascii: "/")) ? nil : name
        }
    }

    /// The names among `names` whose folder under `prefix` holds a `manifest.json` (one HEAD each).
    private func foldersWithManifest(_ names: [String], under prefix: String) async throws -> [String] {
        let store = self.store
        let found = try await concurrentMap(names, limit: settings.listingConcurrency) { name -> String? in
            let key = prefix + name + "/manifest.json"
            do {
                return try await store.head(key: key) == nil ? nil : name
            } catch {
                throw RepositoryError.wrapping(error, context: "Checking \(key)")
            }
        }
        return found.compactMap { $0 }
    }
}
