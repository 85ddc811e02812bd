import AgentBackupPorts
import AgentBackupTestSupport
import Foundation

/// An object store over another that runs `interlude` once (given the call's operation and
/// key), just before its call number `at`
/// (or before the first call `when` accepts), then goes on: another operation (a prune, a push)
/// squeezed deterministically between two steps of the one using this store.
final class InterleavingStore: ObjectStore, @unchecked Sendable {
    typealias Interlude = @Sendable (StoreOperation, String) async throws -> Void

    let base: any ObjectStore
    private let at: Int
    private let when: (@Sendable (StoreOperation, String) -> Bool)?
    private let interlude: Interlude
    private let state = Locked((calls: 0, fired: false))

    init(base: any ObjectStore, at: Int, interlude: @escaping Interlude) {
        self.base = base
        self.at = at
        when = nil
        self.interlude = interlude
    }

    init(base: any ObjectStore, when: @escaping @Sendable (StoreOperation, String) -> Bool, interlude: @escaping Interlude) {
        self.base = base
        at = 0
        self.when = when
        self.interlude = interlude
    }

    /// Whether the interlude ran.
    var fired: Bool { state.withLock { $0.fired } }

    var displayName: String { base.displayName }

    private func step(_ operation: StoreOperation, _ key: String) async throws {
        let fire = state.withLock { state -> Bool in
            state.calls += 1
            guard !state.fired else { return false }
            let due = when.map { $0(operation, key) } ?? (state.calls == at)
            if due { state.fired = true }
            return due
        }
        if fire { try await interlude(operation, key) }
    }

    func put(key: String, body: ObjectBody, contentType: String) async throws {
        try await step(.put, key)
        try await base.put(key: key, body: body, contentType: contentType)
    }

    func get(key: String, toFile path: String) async throws -> Int64 {
        try await step(.getToFile, key)
        return try await base.get(key: key, toFile: path)
    }

    func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try await step(.getBytes, key)
        return try await base.get(key: key, maxBytes: maxBytes)
    }

    func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        try await step(.getRange, key)
        return try await base.get(key: key, range: range)
    }

    func copy(from sourceKey: String, to destinationKey: String) async throws {
        try await step(.copy, destinationKey)
        try await base.copy(from: sourceKey, to: destinationKey)
    }

    func list(prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?) async throws -> ObjectListing {
        try await step(.list, prefix)
        return try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, startAfter: startAfter, maxKeys: maxKeys)
    }

    func delete(keys: [String]) async throws {
        try await step(.delete, keys.first ?? "")
        try await base.delete(keys: keys)
    }

    func head(key: String) async throws -> ObjectInfo? {
        try await step(.head, key)
        return try await base.head(key: key)
    }
}
