import AgentBackupPorts

extension S3Client {
    /// The reference engine's check before a run: list one key (`list-type=2&max-keys=1`). A 403
    /// says the key lacks access to the bucket, a 404 a wrong bucket name or region; refused
    /// credentials come back as `credentialsRejected`. Each carries a hint to fix it.
    public func checkAccess(prefix: String = "") async throws {
        do {
            _ = try await list(prefix: prefix, delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: 1)
        } catch var error as StoreError {
            let bucket = configuration.bucket
            switch error.code {
            case .accessDenied:
                error.hint = "the application key has no access to bucket '\(bucket)': a key restricted to "
                    + "another bucket, or without listFiles/readFiles/writeFiles/deleteFiles, cannot be used"
            case .notFound:
                error.hint = "bucket '\(bucket)' was not found at \(endpoint.base): check the bucket name "
                    + "and the region (B2_REGION)"
            default:
                break
            }
            throw error
        }
    }
}
