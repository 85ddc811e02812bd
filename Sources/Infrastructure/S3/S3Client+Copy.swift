import AgentBackupPorts

extension S3Client {
    /// CopyObject (server side; no bytes pass through us). A 200 whose body is an `<Error>` is a
    /// failure, as S3 documents. A missing source is `notFound`, so a caller can upload instead.
    /// Single-request copies are limited to 5 GB by S3 and B2.
    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        let request = S3Request(
            operation: "COPY", method: .PUT, key: destinationKey,
            headers: [("x-amz-copy-source", copySource(sourceKey))], body: .buffer(.init()))
        try await perform(request) { response in
            let body = try await Self.collect(response.body, limit: 64 * 1024)
            if let root = S3XMLElement.parse(body), root.name == "Error" {
                throw errors.errorInSuccess(response: response, body: body, operation: "COPY", key: destinationKey)
            }
        }
    }
}
