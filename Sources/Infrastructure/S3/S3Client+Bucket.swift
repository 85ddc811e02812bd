import AgentBackupPorts

extension S3Client {
    /// CreateBucket for the configured bucket (for test servers and fresh MinIO setups; B2
    /// buckets are made in the Backblaze console). A bucket we already own is not an error.
    public func createBucket() async throws {
        let request = S3Request(operation: "CREATE BUCKET", method: .PUT, key: nil, body: .buffer(.init()))
        do {
            try await perform(request) { response in try await Self.drain(response.body) }
        } catch let error as StoreError where error.serverCode == "BucketAlreadyOwnedByYou" {
            return
        }
    }

    /// DeleteBucket (it must be empty).
    public func deleteBucket() async throws {
        let request = S3Request(operation: "DELETE BUCKET", method: .DELETE, key: nil)
        try await perform(request) { response in try await Self.drain(response.body) }
    }

    /// PutBucketVersioning: turns keeping versions on or suspends it (tests of version deletes).
    public func setBucketVersioning(enabled: Bool) async throws {
        let xml = "<VersioningConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Status>"
            + (enabled ? "Enabled" : "Suspended") + "</Status></VersioningConfiguration>"
        let body = Array(xml.utf8)
        let request = S3Request(
            operation: "PUT VERSIONING", method: .PUT, key: nil, query: [("versioning", "")],
            headers: [("content-type", "application/xml")], body: .buffer(.init(bytes: body)), payload: .bytes(body))
        try await perform(request) { response in try await Self.drain(response.body) }
    }
}
