import AgentBackupPorts

extension S3Client: PartedUploadStore {
    /// PutObject with `Content-Length` always set and an `UNSIGNED-PAYLOAD` body hash; bodies
    /// above `multipartThreshold` (or 5 GiB) go as a multipart upload (aborted if it fails).
    /// File bodies are streamed in 512 KiB chunks. Not retried (see `RetryingStore`).
    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        try await put(key: key, body: body, contentType: contentType, retrying: nil)
    }

    /// `put`, every request retried on its own by `retrier`: a single PUT re-sends its body from
    /// the first byte (re-read from the file, or the same buffer), a multipart upload retries a
    /// failed part alone.
    public func put(key: String, body: ObjectBody, contentType: String, retrier: Retrier) async throws {
        try await put(key: key, body: body, contentType: contentType, retrying: retrier)
    }

    private func put(key: String, body: ObjectBody, contentType: String, retrying retrier: Retrier?) async throws {
        let source = try UploadSource.make(body, key: key, inMemoryLimit: configuration.inMemoryUploadLimit)
        // A single PUT takes at most 5 GiB on S3 and B2, whatever the threshold says.
        if source.length > min(configuration.multipartThreshold, MultipartPlan.maximumPartSize) {
            try await putMultipart(key: key, source: source, contentType: contentType, retrier: retrier)
            return
        }
        let request = S3Request(
            operation: "PUT", method: .PUT, key: key, headers: [("content-type", contentType)],
            body: .source(source, offset: 0, length: source.length), payload: .unsigned,
            boundedDuration: source.length <= Int64(configuration.inMemoryUploadLimit))
        try await perform(request, retrier: retrier) { response, _ in try await Self.drain(response.body) }
    }
}
