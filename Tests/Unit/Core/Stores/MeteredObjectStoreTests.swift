import AgentBackup
import AgentBackupInfrastructure
import Foundation
import AgentBackupPorts
import AgentBackupTestSupport
import Testing

/// The request counts in every `--json` summary (and the benchmark's table) come from here.
@Suite struct MeteredObjectStoreTests {
    let base = InMemoryObjectStore()
    let fileSystem = FaultyFileSystem(base: PosixFileSystem())

    @Test func countsEachKindAndTheBodyBytes() async throws {
        let meter = MeteredObjectStore(base, fileSystem: fileSystem)
        try await meter.put(key: "p/a", body: .bytes(Array(repeating: 7, count: 1000)), contentType: "application/octet-stream")
        try await meter.copy(from: "p/a", to: "p/b")
        let bytes = try await meter.get(key: "p/b", maxBytes: 4096)
        _ = try await meter.head(key: "p/a")
        _ = try await meter.list(prefix: "p/", delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: nil)
        try await meter.delete(keys: ["p/a", "p/b"])
        let stats = meter.snapshot
        #expect(bytes.count == 1000)
        #expect([stats.put, stats.copy, stats.get, stats.head, stats.list, stats.delete] == [1, 1, 1, 1, 1, 1] as [Int])
        #expect(stats.total == 6)
        #expect(stats.bytesUploaded == 1000)
        #expect(stats.bytesDownloaded == 1000)
        #expect(base.callCount(.put) == 1, "the store under the meter sees every call once")
    }

    @Test func failedCallsCountAsRequestsButMoveNoBytes() async throws {
        let meter = MeteredObjectStore(base, fileSystem: fileSystem)
        base.failNext(.put)
        await #expect(throws: StoreError.self) {
            try await meter.put(key: "k", body: .bytes([1, 2, 3]), contentType: "application/octet-stream")
        }
        base.failNext(.getBytes)
        await #expect(throws: StoreError.self) { _ = try await meter.get(key: "k", maxBytes: 10) }
        let stats = meter.snapshot
        #expect(stats.put == 1 && stats.get == 1)
        #expect(stats.bytesUploaded == 0 && stats.bytesDownloaded == 0)
    }

    @Test func aDeltaHoldsOnlyWhatCameAfter() async throws {
        let meter = MeteredObjectStore(base, fileSystem: fileSystem)
        try await meter.put(key: "a", body: .bytes([1]), contentType: "application/octet-stream")
        let start = meter.snapshot
        try await meter.put(key: "b", body: .bytes([1, 2]), contentType: "application/octet-stream")
        _ = try await meter.head(key: "b")
        let delta = meter.snapshot.since(start)
        #expect(delta.put == 1 && delta.head == 1 && delta.total == 2)
        #expect(delta.bytesUploaded == 2)
    }

    @Test func retriesOfTheRunAreReportedAndDeltaed() async throws {
        let tally = Guarded(RetryTally())
        let meter = MeteredObjectStore(base, fileSystem: fileSystem) { (tally.get().retries, tally.get().waitSeconds) }
        tally.update { $0 = RetryTally(retries: 2, waitSeconds: 1.25) }
        let start = meter.snapshot
        #expect(start.retries == 2 && start.retryWaitSeconds == 1.25)
        tally.update { $0 = RetryTally(retries: 5, waitSeconds: 4.5 + 1e-9) }
        let delta = meter.snapshot.since(start)
        #expect(delta.retries == 3)
        #expect(delta.retryWaitSeconds == 3.25, "rounded to the millisecond")
        let json = String(decoding: try JSONEncoder().encode(delta), as: UTF8.self)
        #expect(json.contains("\"retries\":3") && json.contains("\"retryWaitSeconds\":3.25"))
    }

    @Test func aFileBodyIsSizedThroughTheFileSystemPort() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(Array(repeating: 1, count: 321), to: "body")
        let meter = MeteredObjectStore(base, fileSystem: fileSystem)
        try await meter.put(key: "f", body: .file(path: path), contentType: "application/octet-stream")
        #expect(meter.snapshot.bytesUploaded == 321)
        #expect(fileSystem.paths(of: .status) == [path])
    }
}
