import AgentBackupPorts

extension S3Client {
    /// PutObject with `Content-Length` always set and an `UNSIGNED-PAYLOAD` body hash; bodies
    /// above `multipartThreshold` (or 5 GiB) go as a multipart upload (aborted if it fails).
    /// File bodies are streamed in 512 KiB chunks and re-read from the start on every retry.
    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        let source = try UploadSource.make(body, key: key, inMemoryLimit: configuration.inMemoryUploadLimit)
        // A single PUT takes at most 5 GiB on S3 and B2, whatever the threshold says.
        if source.length > min(configuration.multipartThreshold, MultipartPlan.maximumPartSize) {
            try await putMultipart(key: key, source: source, contentType: contentType)
            return
        }
        let request = S3Request(
            operation: "PUT", method: .PUT, key: key, headers: [("content-type", contentType)],
            body: .source(source, offset: 0, length: source.length), payload: .unsigned,
            boundedDuration: source.length <= Int64(configuration.inMemoryUploadLimit))
        try await perform(request) { response in try await Self.drain(response.body) }
    }
}
