import AgentBackupPorts

extension S3Client {
    /// ListObjectVersions: one page of versions and delete markers under `prefix`, in key order.
    public func listObjectVersions(
        prefix: String, keyMarker: String? = nil, versionIdMarker: String? = nil, maxKeys: Int? = nil
    ) async throws -> S3VersionListing {
        var query: [(name: String, value: String)] = [("versions", ""), ("prefix", prefix)]
        if let keyMarker { query.append(("key-marker", keyMarker)) }
        if let versionIdMarker { query.append(("version-id-marker", versionIdMarker)) }
        if let maxKeys { query.append(("max-keys", String(min(max(maxKeys, 0), 1000)))) }
        let request = S3Request(operation: "LIST VERSIONS", method: .GET, key: nil, query: query)
        return try await perform(request) { response in
            let body = try await Self.collect(response.body, limit: 64 * 1024 * 1024)
            return try Self.parseVersions(body, prefix: prefix)
        }
    }

    /// Reads a `ListVersionsResult`.
    static func parseVersions(_ body: [UInt8], prefix: String) throws -> S3VersionListing {
        guard let root = S3XMLElement.parse(body), root.name == "ListVersionsResult" else {
            throw StoreError(
                .permanent, operation: "LIST VERSIONS", key: prefix,
                message: "the server's answer is not a ListVersionsResult document: "
                    + String(decoding: body.prefix(200), as: UTF8.self))
        }
        let versions = root.children.compactMap { element -> S3ObjectVersion? in
            guard element.name == "Version" || element.name == "DeleteMarker",
                let key = element.text(of: "Key")
            else { return nil }
            return S3ObjectVersion(
                key: key, versionId: element.text(of: "VersionId") ?? "null",
                isDeleteMarker: element.name == "DeleteMarker", isLatest: element.text(of: "IsLatest") == "true",
                size: Int64(element.text(of: "Size") ?? "") ?? 0)
        }
        let truncated = root.text(of: "IsTruncated") == "true"
        return S3VersionListing(
            versions: versions,
            nextKeyMarker: truncated ? root.text(of: "NextKeyMarker") ?? versions.last?.key : nil,
            nextVersionIdMarker: truncated ? root.text(of: "NextVersionIdMarker") ?? versions.last?.versionId : nil)
    }

    /// Deletes every version and delete marker of `keys`. The keys are sorted and their versions
    /// listed under their longest common prefix, stopping past the last key, so deleting a
    /// snapshot folder costs one listing pass rather than one per key.
    public func deleteAllVersions(of keys: [String]) async throws {
        let wanted = Set(keys)
        let sorted = wanted.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard let first = sorted.first, let last = sorted.last else { return }
        let prefix = Self.commonPrefix(first, last)
        var batch: [S3ObjectIdentifier] = []
        var keyMarker: String? = nil
        var versionMarker: String? = nil
        listing: repeat {
            let page = try await listObjectVersions(
                prefix: prefix, keyMarker: keyMarker, versionIdMarker: versionMarker)
            for version in page.versions {
                if last.utf8.lexicographicallyPrecedes(version.key.utf8) { break listing }
                guard wanted.contains(version.key) else { continue }
                batch.append(S3ObjectIdentifier(key: version.key, versionId: version.versionId))
                if batch.count == 1000 {
                    try await deleteObjects(batch)
                    batch.removeAll()
                }
            }
            keyMarker = page.nextKeyMarker
            versionMarker = page.nextVersionIdMarker
        } while keyMarker != nil
        try await deleteObjects(batch)
    }

    /// The longest common prefix of two strings, compared by Unicode scalars (never by
    /// canonically-equivalent characters, which could give a prefix that is not byte-exact).
    static func commonPrefix(_ a: String, _ b: String) -> String {
        var scalars = String.UnicodeScalarView()
        for (x, y) in zip(a.unicodeScalars, b.unicodeScalars) {
            guard x == y else { break }
            scalars.append(x)
        }
        return String(scalars)
    }
}
