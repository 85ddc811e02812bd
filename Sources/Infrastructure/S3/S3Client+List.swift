import AgentBackupPorts

extension S3Client {
    /// ListObjectsV2: one page (at most 1,000 keys) under `prefix`, in key order, with keys
    /// holding `delimiter` after the prefix rolled up into `commonPrefixes`.
    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
        if let delimiter { query.append(("delimiter", delimiter)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let startAfter { query.append(("start-after", startAfter)) }
        if let maxKeys { query.append(("max-keys", String(min(max(maxKeys, 0), 1000)))) }
        let request = S3Request(operation: "LIST", method: .GET, key: nil, query: query)
        return try await perform(request) { response in
            let body = try await Self.collect(response.body, limit: 64 * 1024 * 1024)
            return try Self.parseListing(body, prefix: prefix)
        }
    }

    /// Reads a `ListBucketResult`.
    static func parseListing(_ body: [UInt8], prefix: String) throws -> ObjectListing {
        guard let root = S3XMLElement.parse(body), root.name == "ListBucketResult" else {
            throw StoreError(
                .permanent, operation: "LIST", key: prefix,
                message: "the server's listing is not a ListBucketResult document: "
                    + String(decoding: body.prefix(200), as: UTF8.self))
        }
        var listing = ObjectListing()
        for item in root.children("Contents") {
            guard let key = item.text(of: "Key") else { continue }
            listing.objects.append(
                ObjectInfo(
                    key: key, size: Int64(item.text(of: "Size") ?? "") ?? 0,
                    etag: Self.unquote(item.text(of: "ETag"))))
        }
        listing.commonPrefixes = root.children("CommonPrefixes").compactMap { $0.text(of: "Prefix") }
        if root.text(of: "IsTruncated") == "true" {
            guard let token = root.text(of: "NextContinuationToken"), !token.isEmpty else {
                throw StoreError(
                    .permanent, operation: "LIST", key: prefix,
                    message: "the server said the listing is truncated but gave no continuation token")
            }
            listing.nextContinuationToken = token
        }
        return listing
    }
}
