import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The fault proxy in front of SeaweedFS with our S3 client: signatures survive it, and the
/// client rides out every fault kind, including a hang cut by the request timeout.
@Suite("FaultProxy with S3")
struct FaultProxyS3Tests {
    static func client(_ s3: S3TestEnvironment, endpoint: String, timeout: Double = 60) throws -> S3Client {
        try S3Client(
            configuration: S3Configuration(
                endpoint: endpoint, region: s3.region, bucket: s3.bucket, accessKeyId: s3.accessKeyID,
                secretAccessKey: s3.secretAccessKey, requestTimeout: timeout, multipartThreshold: 6 << 20,
                partSize: 5 << 20))
    }

    /// The production retry layer around `client`, waiting briefly: these tests are about the
    /// proxy, not about waiting. The budget is generous: a loaded machine is slow too.
    static func retrying(_ client: S3Client) -> RetryingStore {
        RetryingStore(
            client,
            retrier: Retrier(
                policy: RetryPolicy(budget: 120, baseDelay: 0.02, maxDelay: 0.1, maxRetryAfter: 0.05),
                storeName: client.displayName))
    }

    @Test("every S3 operation passes the proxy byte for byte (signatures stay valid)")
    func faithful() async throws {
        let s3 = try S3TestEnvironment.require()
        let prefix = s3.uniquePrefix("proxy-faithful")
        try await withTemporaryDirectory { folder in
            try await FaultProxy.withProxy(upstream: s3.endpoint) { proxy in
                let client = try Self.client(s3, endpoint: proxy.endpoint)
                do {
                    var random = SplitMix64(seed: 3)
                    let big = TreeFiles.bytes(count: 11 << 20, using: &random)  // multipart: 3 parts
                    let bigFile = folder + "/big.bin"
                    try Data(big).write(to: URL(fileURLWithPath: bigFile))
                    try await client.put(key: "\(prefix)/big bin (1)!", body: .file(path: bigFile), contentType: "application/octet-stream")
                    try await client.put(key: "\(prefix)/small", body: .bytes([1, 2, 3]), contentType: "application/json")
                    try await client.copy(from: "\(prefix)/small", to: "\(prefix)/copied")
                    let back = folder + "/back.bin"
                    #expect(try await client.get(key: "\(prefix)/big bin (1)!", toFile: back) == Int64(big.count))
                    #expect(FileManager.default.contents(atPath: back).map { [UInt8]($0) } == big)
                    #expect(try await client.get(key: "\(prefix)/copied", maxBytes: 100) == [1, 2, 3])
                    #expect(try await client.listAll(prefix: prefix + "/").objects.count == 3)
                    #expect(try await client.head(key: "\(prefix)/nothing") == nil)
                    try await client.delete(keys: ["\(prefix)/big bin (1)!", "\(prefix)/small", "\(prefix)/copied"])
                    #expect(try await client.listAll(prefix: prefix + "/").objects.isEmpty)
                } catch {
                    try? await client.close()
                    throw error
                }
                try await client.close()
                let statuses = proxy.exchanges.compactMap(\.upstreamStatus)
                #expect(statuses.allSatisfy { $0 < 300 || $0 == 404 })  // 404: the HEAD of a missing key
                #expect(proxy.counts.forwarded >= 10)
                #expect(proxy.counts.bytesToServer > Int64(11 << 20))
            }
        }
    }

    @Test("the client rides out one fault of every kind on one upload and download")
    func everyKind() async throws {
        let s3 = try S3TestEnvironment.require()
        let prefix = s3.uniquePrefix("proxy-kinds")
        let faults: [FaultProxyFault] = FaultProxyFault.transientMix
        try await withTemporaryDirectory { folder in
            try await FaultProxy.withProxy(upstream: s3.endpoint) { proxy in
                let client = try Self.client(s3, endpoint: proxy.endpoint)
                let store = Self.retrying(client)
                var random = SplitMix64(seed: 11)
                let body = TreeFiles.bytes(count: 300_000, using: &random)
                let source = folder + "/source.bin"
                try Data(body).write(to: URL(fileURLWithPath: source))
                do {
                    for (index, fault) in faults.enumerated() {
                        // Each fault hits the first attempt of a PUT, then of a GET of the same object.
                        proxy.setSchedule(.scripted([fault]))
                        try await store.put(key: "\(prefix)/o\(index)", body: .file(path: source), contentType: "application/octet-stream")
                        proxy.setSchedule(.scripted([fault]))
                        let back = folder + "/back\(index).bin"
                        _ = try await store.get(key: "\(prefix)/o\(index)", toFile: back)
                        #expect(FileManager.default.contents(atPath: back).map { [UInt8]($0) } == body, "after \(fault)")
                    }
                    try await client.delete(keys: faults.indices.map { "\(prefix)/o\($0)" })
                } catch {
                    try? await client.close()
                    throw error
                }
                try await client.close()
                for fault in faults {
                    #expect(proxy.counts.count(fault.kind) == 2, "\(fault)")
                }
            }
        }
    }

    @Test("a request that hangs is cut by the request timeout and retried")
    func hangThenTimeout() async throws {
        let s3 = try S3TestEnvironment.require()
        let prefix = s3.uniquePrefix("proxy-hang")
        let direct = try Self.client(s3, endpoint: s3.endpoint)
        try await direct.put(key: "\(prefix)/k", body: .bytes([7, 7, 7]), contentType: "application/octet-stream")
        try await FaultProxy.withProxy(upstream: s3.endpoint, schedule: .scripted([.hang]), hangLimit: .seconds(300)) { proxy in
            // A short timeout, and a budget to spare: on a loaded machine a normal request may be
            // slow too. The proxy holds the hang 300 s, so finishing well before shows the
            // client's timeout cut it (at load 20 on two cores the whole exchange took over 60 s).
            let client = try Self.client(s3, endpoint: proxy.endpoint, timeout: 2)
            let start = ContinuousClock.now
            let body = try? await Self.retrying(client).get(key: "\(prefix)/k", maxBytes: 10)
            let took = ContinuousClock.now - start
            try? await client.close()
            #expect(body == [7, 7, 7])
            #expect(took >= .milliseconds(1_900) && took < .seconds(240), "took \(took)")
            #expect(proxy.counts.count(.hang) == 1)
        }
        try await direct.delete(keys: ["\(prefix)/k"])
        try await direct.close()
    }
}
