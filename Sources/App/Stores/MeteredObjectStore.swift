import AgentBackupPorts

/// Requests made and bytes moved through a store during one command; part of every `--json`
/// summary so the benchmark (and a curious user) can see what a run cost.
public struct RequestStats: Sendable, Codable, Equatable {
    public var put = 0
    public var get = 0
    public var copy = 0
    public var list = 0
    public var delete = 0
    public var head = 0
    /// Bytes sent as object bodies (stored form: ciphertext when encrypting).
    public var bytesUploaded: Int64 = 0
    /// Bytes received as object bodies.
    public var bytesDownloaded: Int64 = 0
    /// Attempts repeated after a transient failure (not in the counts above, which count calls).
    public var retries = 0
    /// Seconds requests spent waiting before those retries (summed over requests).
    public var retryWaitSeconds = 0.0

    public init() {}

    /// All requests of every kind (a delete of many keys counts once per call; retries apart).
    public var total: Int { put + get + copy + list + delete + head }
}

/// Wraps any store and counts what passes through it (a restic-style decorator: the store under it
/// does not know). Counting is per call of the port, failed calls included; it sits above the
/// retry decorator, so a call retried after a lost answer counts once (its bytes too), and the
/// retries come from `retries` (the run's retry tally). Bytes count only bodies that went through
/// whole. A file body's size comes from `fileSystem` (the store streams it and does not say).
public final class MeteredObjectStore: ObjectStore {
    private let base: any ObjectStore
    private let fileSystem: any FileSystem
    private let retries: @Sendable () -> (count: Int, waitSeconds: Double)
    private let stats = Locked(RequestStats())

    /// `retries` reads the run's retries so far (none when the store is not retried).
    public init(
        _ base: any ObjectStore, fileSystem: any FileSystem,
        retries: @escaping @Sendable () -> (count: Int, waitSeconds: Double) = { (0, 0) }
    ) {
        self.base = base
        self.fileSystem = fileSystem
        self.retries = retries
    }

    /// A copy of the counts so far, with the run's retries.
    public var snapshot: RequestStats {
        let (count, waited) = retries()
        var copy = stats.withLock { $0 }
        copy.retries = count
        copy.retryWaitSeconds = (waited * 1000).rounded() / 1000
        return copy
    }

    private func record(_ change: (inout RequestStats) -> Void) {
        stats.withLock { change(&$0) }
    }

    public var displayName: String { base.displayName }

    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        let size: Int64
        switch body {
        case .bytes(let bytes): size = Int64(bytes.count)
        case .file(let path): size = (try? fileSystem.status(path))??.size ?? 0
        }
        record { $0.put += 1 }
        try await base.put(key: key, body: body, contentType: contentType)
        record { $0.bytesUploaded += size }
    }

    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        record { $0.get += 1 }
        let n = try await base.get(key: key, toFile: path)
        record { $0.bytesDownloaded += n }
        return n
    }

    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        record { $0.get += 1 }
        let bytes = try await base.get(key: key, maxBytes: maxBytes)
        record { $0.bytesDownloaded += Int64(bytes.count) }
        return bytes
    }

    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        record { $0.get += 1 }
        let bytes = try await base.get(key: key, range: range)
        record { $0.bytesDownloaded += Int64(bytes.count) }
        return bytes
    }

    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        record { $0.copy += 1 }
        try await base.copy(from: sourceKey, to: destinationKey)
    }

    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        record { $0.list += 1 }
        return try await base.list(
            prefix: prefix, delimiter: delimiter, continuationToken: continuationToken,
            startAfter: startAfter, maxKeys: maxKeys)
    }

    public func delete(keys: [String]) async throws {
        record { $0.delete += 1 }
        try await base.delete(keys: keys)
    }

    public func head(key: String) async throws -> ObjectInfo? {
        record { $0.head += 1 }
        return try await base.head(key: key)
    }
}
