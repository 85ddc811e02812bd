import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The fault injection that retry and integrity tests depend on does what it says.
@Suite struct InMemoryObjectStoreFaultTests {
    @Test func failNextFailsOnceThenSucceeds() async throws {
        let store = InMemoryObjectStore()
        store.failNext(.put, with: .injected(.transient, httpStatus: 503, retryAfterSeconds: 2))
        let error = await #expect(throws: StoreError.self) {
            try await store.put(key: "k", body: .bytes([1]), contentType: "x")
        }
        #expect(error?.code == .transient)
        #expect(error?.httpStatus == 503)
        #expect(error?.operation == "PUT")
        #expect(error?.key == "k")
        #expect(error?.retryAfterSeconds == 2)
        try await store.put(key: "k", body: .bytes([1]), contentType: "x")
        #expect(store.data(for: "k") == [1])
        #expect(store.callCount(.put) == 2)
    }

    @Test func failCallNumberCountsOnlyMatchingCalls() async throws {
        let store = InMemoryObjectStore()
        store.setData([1], for: "a")
        store.failCall(number: 3, of: .head, with: .injected(.permanent, httpStatus: 403, serverCode: "AccessDenied"))
        _ = try await store.get(key: "a", maxBytes: 10)  // not a head: not counted
        #expect(try await store.head(key: "a") != nil)
        #expect(try await store.head(key: "a") != nil)
        await #expect(throws: StoreError.self) { _ = try await store.head(key: "a") }
        #expect(try await store.head(key: "a") != nil)
        #expect(store.callCount(.head) == 4)
        #expect(store.callCount(.getBytes) == 1)
    }

    @Test func faultsCanTargetOneKey() async throws {
        let store = InMemoryObjectStore()
        store.failAlways(.put, key: "bad", with: .injected(.permanent, httpStatus: 400, serverCode: "InvalidRequest"))
        try await store.put(key: "good", body: .bytes([1]), contentType: "x")
        for _ in 0..<3 {
            await #expect(throws: StoreError.self) { try await store.put(key: "bad", body: .bytes([1]), contentType: "x") }
        }
        store.clearFaults()
        try await store.put(key: "bad", body: .bytes([2]), contentType: "x")
        #expect(store.keys == ["bad", "good"])
    }

    @Test func corruptAndTruncateAffectReadsOnly() async throws {
        let store = InMemoryObjectStore()
        store.setData([1, 2, 3, 4], for: "obj")
        store.corruptReads(of: "obj", atByte: 1)
        #expect(try await store.get(key: "obj", maxBytes: 10) == [1, 0xFD, 3, 4])
        #expect(store.data(for: "obj") == [1, 2, 3, 4], "stored bytes stay intact")
        try await store.copy(from: "obj", to: "copy")
        #expect(store.data(for: "copy") == [1, 2, 3, 4], "copies are server-side: not damaged")
        store.clearFaults()
        store.truncateReads(of: "obj", to: 2)
        let directory = try TemporaryDirectory()
        let count = try await store.get(key: "obj", toFile: directory.path("out"))
        #expect(count == 2)
        #expect(directory.read("out") == [1, 2])
    }

    @Test func latencyShowsPeakConcurrency() async throws {
        let store = InMemoryObjectStore()
        store.setLatency(.milliseconds(50), for: .put)
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<4 {
                group.addTask { try? await store.put(key: "k\(i)", body: .bytes([]), contentType: "x") }
            }
        }
        #expect(store.peakConcurrentCalls == 4)
        store.resetCalls()
        #expect(store.totalCallCount == 0)
        #expect(store.peakConcurrentCalls == 0)
    }

    @Test func latencyIsCancellable() async throws {
        let store = InMemoryObjectStore()
        store.setLatency(.seconds(30))
        let task = Task { try await store.head(key: "x") }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    @Test func callsRecordKeysInOrder() async throws {
        let store = InMemoryObjectStore()
        try await store.put(key: "a", body: .bytes([1]), contentType: "application/json")
        try await store.copy(from: "a", to: "b")
        try await store.delete(keys: ["a", "zz"])
        _ = try await store.list(prefix: "p/", delimiter: "/", continuationToken: nil, startAfter: nil, maxKeys: nil)
        #expect(store.calls == [
            StoreCall(operation: .put, keys: ["a"]), StoreCall(operation: .copy, keys: ["a", "b"]),
            StoreCall(operation: .delete, keys: ["a", "zz"]), StoreCall(operation: .list, keys: ["p/"]),
        ])
        #expect(store.contentType(for: "b") == "application/json")
        #expect(store.objects == ["b": [1]])
    }

    @Test func continuationTokenAfterCommonPrefixSkipsItsKeys() async throws {
        let store = InMemoryObjectStore()
        for key in ["a/1", "a/2", "a/3", "b", "c/1"] { store.setData([], for: key) }
        let first = try await store.list(prefix: "", delimiter: "/", continuationToken: nil, startAfter: nil, maxKeys: 1)
        #expect(first.commonPrefixes == ["a/"])
        let second = try await store.list(
            prefix: "", delimiter: "/", continuationToken: first.nextContinuationToken, startAfter: nil, maxKeys: 1)
        #expect(second.objects.map(\.key) == ["b"])
        #expect(second.commonPrefixes.isEmpty)
        let third = try await store.list(
            prefix: "", delimiter: "/", continuationToken: second.nextContinuationToken, startAfter: nil, maxKeys: 1)
        #expect(third.commonPrefixes == ["c/"])
        #expect(third.nextContinuationToken == nil)
    }

    @Test func maxKeysIsCappedAtOneThousand() async throws {
        let store = InMemoryObjectStore()
        for i in 0..<1_001 { store.setData([], for: String(format: "k%04d", i)) }
        let page = try await store.list(prefix: "", delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: 5_000)
        #expect(page.objects.count == 1_000)
        #expect(page.nextContinuationToken == "k0999")
    }
}
