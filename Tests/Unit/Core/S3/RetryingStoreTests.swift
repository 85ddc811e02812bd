import AgentBackup
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

@Suite("Retrying store decorator")
struct RetryingStoreTests {
    /// The store stack the composition root builds: meter over retries over the store.
    struct Stack {
        let memory = InMemoryObjectStore()
        let rig = RetryRecorder()
        let store: RetryingStore
        let meter: MeteredObjectStore

        init() {
            store = RetryingStore(memory, retrier: rig.retrier)
            let retrier = rig.retrier
            meter = MeteredObjectStore(store, fileSystem: PosixFileSystem()) { (retrier.tallySoFar.retries, retrier.tallySoFar.waitSeconds) }
        }
    }

    @Test func everyKindOfCallIsRetried() async throws {
        let s = Stack()
        let folder = try TemporaryDirectory(prefix: "retrying")
        for operation in StoreOperation.allCases { s.memory.failNext(operation, times: 2) }
        try await s.meter.put(key: "a", body: .bytes([1, 2, 3]), contentType: "application/octet-stream")
        #expect(try await s.meter.get(key: "a", maxBytes: 10) == [1, 2, 3])
        #expect(try await s.meter.get(key: "a", toFile: folder.path("a")) == 3)
        #expect(try await s.meter.get(key: "a", range: 1..<3) == [2, 3])
        try await s.meter.copy(from: "a", to: "b")
        #expect(try await s.meter.listAll(prefix: "").objects.map(\.key) == ["a", "b"])
        #expect(try await s.meter.head(key: "b")?.size == 3)
        try await s.meter.delete(keys: ["a", "b"])
        #expect(s.memory.keys.isEmpty)
        for operation in StoreOperation.allCases { #expect(s.memory.callCount(operation) == 3, "\(operation)") }
        let stats = s.meter.snapshot
        #expect(stats.total == 8, "the meter counts calls, not attempts")
        #expect(stats.retries == 16)
        #expect(stats.retryWaitSeconds == 8 * (1 + 2))
    }

    @Test func aPutWhoseAnswerWasLostIsStoredOnceAndCountedOnce() async throws {
        let s = Stack()
        s.memory.inject(StoreFault(operation: .put, error: .injected(httpStatus: nil, serverCode: nil, message: "reset"), timing: .afterActing))
        try await s.meter.put(key: "k", body: .bytes(Array(repeating: 9, count: 100)), contentType: "application/octet-stream")
        #expect(s.memory.callCount(.put) == 2, "sent again after the lost answer")
        #expect(s.memory.data(for: "k") == Array(repeating: 9, count: 100))
        #expect(s.meter.snapshot.put == 1)
        #expect(s.meter.snapshot.bytesUploaded == 100, "the bytes count once")
        #expect(s.meter.snapshot.retries == 1)
    }

    @Test func aCopyOrDeleteRepeatedAfterALostAnswerIsHarmless() async throws {
        let s = Stack()
        s.memory.setData([5], for: "src")
        s.memory.setData([6], for: "gone")
        let lost = StoreError.injected(httpStatus: nil, serverCode: nil, message: "reset after the server acted")
        s.memory.inject(StoreFault(operation: .copy, error: lost, timing: .afterActing))
        s.memory.inject(StoreFault(operation: .delete, error: lost, timing: .afterActing))
        try await s.store.copy(from: "src", to: "dst")
        try await s.store.delete(keys: ["gone", "never-was"])
        #expect(s.memory.objects == ["src": [5], "dst": [5]])
        #expect(s.memory.callCount(.copy) == 2 && s.memory.callCount(.delete) == 2)
    }

    @Test func aCutDownloadIsStartedOverFromAnEmptyFile() async throws {
        let s = Stack()
        let folder = try TemporaryDirectory(prefix: "retrying")
        let body = (0..<5000).map { UInt8($0 % 251) }
        s.memory.setData(body, for: "big")
        try folder.write(Array(repeating: 0xEE, count: 9000), to: "out")
        s.memory.inject(StoreFault(operation: .getToFile, error: .injected(httpStatus: nil, serverCode: nil, message: "cut"), timing: .cutShort))
        #expect(try await s.store.get(key: "big", toFile: folder.path("out")) == 5000)
        #expect(folder.read("out") == body)
        #expect(s.memory.callCount(.getToFile) == 2)
    }

    @Test func refusalsAndMissingObjectsAreAnswersNotRetries() async throws {
        let s = Stack()
        #expect(try await s.store.head(key: "missing") == nil)
        s.memory.failNext(.list, with: .injected(.accessDenied, httpStatus: 403, serverCode: "AccessDenied", message: "denied"))
        let error = await #expect(throws: StoreError.self) { try await s.store.listAll(prefix: "") }
        #expect(error?.code == .accessDenied)
        #expect(s.memory.totalCallCount == 2)
        #expect(s.rig.retrier.tallySoFar.retries == 0)
    }
}
