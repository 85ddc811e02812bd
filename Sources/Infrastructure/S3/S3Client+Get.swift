import AgentBackupPorts

extension S3Client {
    /// GetObject streamed into `path` (created or truncated, mode 0600) chunk by chunk as it
    /// arrives, so memory stays bounded whatever the size. A body shorter than its
    /// `Content-Length` is a transient failure; a retry starts the file over.
    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        let request = S3Request(operation: "GET", method: .GET, key: key, boundedDuration: false)
        return try await perform(request) { response in
            let expected = Self.contentLength(response)
            let file = try FileDescriptor(openForWriting: path, operation: "GET", key: key)
            var written: Int64 = 0
            for try await chunk in response.body {
                try file.writeAll(chunk, path: path, operation: "GET", key: key)
                written += Int64(chunk.readableBytes)
            }
            if let expected, expected != written {
                throw StoreError(
                    .transient, operation: "GET", key: key,
                    message: "the download ended after \(written) of \(expected) bytes")
            }
            return written
        }
    }

    /// GetObject into memory, refusing (`tooLarge`) an object above `maxBytes` before reading it
    /// when its `Content-Length` says so, or as soon as the bytes exceed the cap otherwise.
    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        let request = S3Request(operation: "GET", method: .GET, key: key)
        return try await perform(request) { response in
            let expected = Self.contentLength(response)
            if let expected, expected > Int64(maxBytes) {
                throw Self.tooLarge(key: key, size: "\(expected)", maxBytes: maxBytes)
            }
            var bytes = [UInt8]()
            bytes.reserveCapacity(Int(expected ?? 0))
            for try await chunk in response.body {
                guard bytes.count + chunk.readableBytes <= maxBytes else {
                    throw Self.tooLarge(key: key, size: "more than \(maxBytes)", maxBytes: maxBytes)
                }
                bytes += chunk.readableBytesView
            }
            if let expected, expected != Int64(bytes.count) {
                throw StoreError(
                    .transient, operation: "GET", key: key,
                    message: "the download ended after \(bytes.count) of \(expected) bytes")
            }
            return bytes
        }
    }

    private static func tooLarge(key: String, size: String, maxBytes: Int) -> StoreError {
        StoreError(
            .tooLarge, operation: "GET", key: key,
            message: "the object is \(size) bytes, above the \(maxBytes)-byte limit for in-memory reads",
            hint: "the object is not what it should be (a manifest is small); check the bucket's contents")
    }
}
