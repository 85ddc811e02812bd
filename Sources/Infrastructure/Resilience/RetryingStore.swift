import AgentBackupPorts

/// Wraps any `ObjectStore` so transient failures are retried under a `RetryPolicy`, for stores
/// that do not retry by themselves (local folder, in-memory with injected faults).
///
/// Do not wrap `S3Client`: it already retries each HTTP request (re-sending file bodies from the
/// start and retrying multipart parts one by one), and wrapping it would multiply the attempts.
public struct RetryingStore: ObjectStore {
    /// The store whose calls are retried.
    public let base: any ObjectStore
    /// When to retry and how long to wait.
    public let policy: RetryPolicy

    /// Wraps `base`; only its `transient` errors are retried.
    public init(_ base: any ObjectStore, policy: RetryPolicy = .standard) {
        self.base = base
        self.policy = policy
    }

    /// The wrapped store's name (the decorator is invisible in messages).
    public var displayName: String { base.displayName }

    /// `base.put`, retried (a file body is re-read from its start by the base store).
    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        try await policy.run { _ in try await base.put(key: key, body: body, contentType: contentType) }
    }

    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        try await policy.run { _ in try await base.get(key: key, toFile: path) }
    }

    /// `base.get(key:maxBytes:)`, retried.
    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try await policy.run { _ in try await base.get(key: key, maxBytes: maxBytes) }
    }

    /// `base.copy`, retried.
    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        try await policy.run { _ in try await base.copy(from: sourceKey, to: destinationKey) }
    }

    /// `base.list`, retried.
    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        try await policy.run { _ in
            try await base.list(
                prefix: prefix, delimiter: delimiter, continuationToken: continuationToken,
                startAfter: startAfter, maxKeys: maxKeys)
        }
    }

    /// `base.delete`, retried (deleting is idempotent).
    public func delete(keys: [String]) async throws {
        try await policy.run { _ in try await base.delete(keys: keys) }
    }

    /// `base.head`, retried.
    public func head(key: String) async throws -> ObjectInfo? {
        try await policy.run { _ in try await base.head(key: key) }
    }
}
