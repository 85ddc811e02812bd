import AgentBackupPorts

extension S3Client {
    /// HeadObject: size and etag, or nil when the object does not exist (404).
    ///
    /// A HEAD answer has no body, so a bare 403 cannot say whether the secret is wrong or the
    /// key lacks access: the client then runs the access check (one-key listing) and throws its
    /// clearer error (`credentialsRejected` or `accessDenied` with a hint) instead.
    public func head(key: String) async throws -> ObjectInfo? {
        let request = S3Request(operation: "HEAD", method: .HEAD, key: key)
        do {
            return try await perform(request) { response in
                try await Self.drain(response.body)
                return ObjectInfo(
                    key: key, size: Self.contentLength(response) ?? 0,
                    etag: Self.unquote(response.headers.first(name: "ETag")))
            }
        } catch let error as StoreError where error.code == .notFound {
            return nil
        } catch let error as StoreError where error.code == .accessDenied && error.serverCode == nil {
            try await checkAccess()
            throw error
        }
    }
}
