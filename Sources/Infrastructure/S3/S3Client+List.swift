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

    /// Reads a `ListBucketResult` (see `S3ListingXML`).
    static func parseListing(_ body: [UInt8], prefix: String) throws -> ObjectListing {
        try S3ListingXML.listing(body, prefix: prefix)
    }
}
