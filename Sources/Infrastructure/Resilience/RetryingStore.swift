import AgentBackupPorts

/// Wraps any `ObjectStore` so every call is retried by a `Retrier` (a restic-style decorator:
/// the store under it does not retry by itself). The composition root wraps every store it
/// builds, so there is one retry path and one shared circuit per run.
///
/// Retrying a whole call is correct because every call of the port can be repeated harmlessly:
/// a put re-sends its body from the first byte (the base store re-reads the file or the buffer),
/// a copy or a delete done twice leaves the same state, reads and listings change nothing. A
/// store that sends one `put` as several requests (`PartedUploadStore`, S3 multipart) is handed
/// the retrier instead, so a failed part is retried alone rather than the whole upload.
public struct RetryingStore: ObjectStore {
    /// The store whose calls are retried.
    public let base: any ObjectStore
    /// The run's retry loop, budget and circuit.
    public let retrier: Retrier

    /// Wraps `base`; only its `transient` errors are retried.
    public init(_ base: any ObjectStore, retrier: Retrier) {
        self.base = base
        self.retrier = retrier
    }

    /// The wrapped store's name (the decorator is invisible in messages).
    public var displayName: String { base.displayName }

    /// `base.put`, retried; a multipart-capable store retries each of its requests itself.
    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        if let parted = base as? any PartedUploadStore {
            try await parted.put(key: key, body: body, contentType: contentType, retrier: retrier)
            return
        }
        try await retrier.run(RetryRequest(operation: "PUT", key: key)) { _ in
            try await base.put(key: key, body: body, contentType: contentType)
        }
    }

    /// `base.get(key:toFile:)`, retried (each attempt starts the file over).
    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        try await retrier.run(RetryRequest(operation: "GET", key: key)) { _ in
            try await base.get(key: key, toFile: path)
        }
    }

    /// `base.get(key:maxBytes:)`, retried.
    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try await retrier.run(RetryRequest(operation: "GET", key: key)) { _ in
            try await base.get(key: key, maxBytes: maxBytes)
        }
    }

    /// `base.copy`, retried (a copy repeated after a lost answer copies the same bytes again).
    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        try await retrier.run(RetryRequest(operation: "COPY", key: destinationKey)) { _ in
            try await base.copy(from: sourceKey, to: destinationKey)
        }
    }

    /// `base.list`, retried page by page.
    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        try await retrier.run(RetryRequest(operation: "LIST", key: prefix)) { _ in
            try await base.list(
                prefix: prefix, delimiter: delimiter, continuationToken: continuationToken,
                startAfter: startAfter, maxKeys: maxKeys)
        }
    }

    /// `base.delete`, retried (deleting is idempotent: keys already gone are fine).
    public func delete(keys: [String]) async throws {
        try await retrier.run(RetryRequest(operation: "DELETE", key: keys.first)) { _ in
            try await base.delete(keys: keys)
        }
    }

    /// `base.head`, retried (a missing object is an answer, nil, not a failure).
    public func head(key: String) async throws -> ObjectInfo? {
        try await retrier.run(RetryRequest(operation: "HEAD", key: key)) { _ in
            try await base.head(key: key)
        }
    }
}

/// A store that sends one `put` as several requests (S3 multipart: create, parts, complete) and
/// retries each of them on its own with the run's `Retrier`, so a failed part costs one part,
/// not the whole upload. `RetryingStore` hands it the retrier instead of retrying the call.
public protocol PartedUploadStore: ObjectStore {
    /// `put(key:body:contentType:)` with every request retried by `retrier`; an upload abandoned
    /// (failed for good or cancelled) is aborted.
    func put(key: String, body: ObjectBody, contentType: String, retrier: Retrier) async throws
}
