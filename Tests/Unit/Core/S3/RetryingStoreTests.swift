import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// A minimal in-memory store whose next calls fail with injected errors (the shared in-memory
/// store of Tests/Support lives in another branch; this one is just enough for the decorator).
final class FaultyMemoryStore: ObjectStore, @unchecked Sendable {
    private let lock = NSLock()
    private var objects: [String: [UInt8]] = [:]
    private var faults: [StoreError] = []
    private(set) var calls = 0

    var displayName: String { "memory" }

    func inject(_ errors: [StoreError]) { lock.withLock { faults += errors } }

    private func step() throws {
        try lock.withLock {
            calls += 1
            if !faults.isEmpty { throw faults.removeFirst() }
        }
    }

    func put(key: String, body: ObjectBody, contentType: String) async throws {
        try step()
        guard case .bytes(let b) = body else { throw StoreError(.localIO, operation: "PUT", message: "bytes only") }
        lock.withLock { objects[key] = b }
    }

    func get(key: String, toFile path: String) async throws -> Int64 {
        let b = try await get(key: key, maxBytes: .max)
        try Data(b).write(to: URL(fileURLWithPath: path))
        return Int64(b.count)
    }

    func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try step()
        guard let b = lock.withLock({ objects[key] }) else {
            throw StoreError(.notFound, operation: "GET", key: key, message: "no such key")
        }
        return b
    }

    func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        let b = try await get(key: key, maxBytes: .max)
        return Array(b.dropFirst(Int(range.lowerBound)).prefix(range.count))
    }

    func copy(from sourceKey: String, to destinationKey: String) async throws {
        try step()
        try lock.withLock {
            guard let b = objects[sourceKey] else {
                throw StoreError(.notFound, operation: "COPY", key: sourceKey, message: "no such key")
            }
            objects[destinationKey] = b
        }
    }

    func list(prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?)
        async throws -> ObjectListing
    {
        try step()
        let keys = lock.withLock { objects.keys.filter { $0.hasPrefix(prefix) }.sorted() }
        return ObjectListing(objects: keys.map { ObjectInfo(key: $0, size: 0) })
    }

    func delete(keys: [String]) async throws {
        try step()
        lock.withLock { for k in keys { objects[k] = nil } }
    }

    func head(key: String) async throws -> ObjectInfo? {
        try step()
        return lock.withLock { objects[key].map { ObjectInfo(key: key, size: Int64($0.count)) } }
    }
}

@Suite("Retrying store decorator")
struct RetryingStoreTests {
    @Test func injectedTransientFaultsAreRetriedAndSucceed() async throws {
        let base = FaultyMemoryStore()
        let recorder = SleepRecorder()
        let store = RetryingStore(base, policy: recorder.policy())
        base.inject([
            StoreError(.transient, operation: "PUT", httpStatus: 503, message: "busy", retryAfterSeconds: 1),
            StoreError(.transient, operation: "PUT", message: "connection reset"),
        ])
        try await store.put(key: "k", body: .bytes([1, 2, 3]), contentType: "application/octet-stream")
        #expect(base.calls == 3)
        base.inject([StoreError(.transient, operation: "GET", httpStatus: 500, message: "oops")])
        #expect(try await store.get(key: "k", maxBytes: 10) == [1, 2, 3])
        #expect(base.calls == 5)
        #expect(recorder.sleeps == [1, 1, 0.5])
    }

    @Test func permanentFaultsComeBackAtOnce() async throws {
        let base = FaultyMemoryStore()
        let store = RetryingStore(base, policy: SleepRecorder().policy())
        base.inject([StoreError(.accessDenied, operation: "LIST", httpStatus: 403, message: "denied")])
        await #expect(throws: StoreError.self) { try await store.listAll(prefix: "") }
        #expect(base.calls == 1)
        #expect(try await store.head(key: "missing") == nil)
    }
}
