import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Requests per second for 1,000 small PUTs and 1,000 COPYs at the client's default concurrency,
/// printed for the record (not a timed assertion; the machine is shared).
@Suite("S3 client throughput against the test server")
struct S3ClientThroughputTests {
    @Test func thousandSmallPutsAndCopies() async throws {
        // S3_THROUGHPUT_CONCURRENCY overrides the default, to compare settings by hand.
        let override = ProcessInfo.processInfo.environment["S3_THROUGHPUT_CONCURRENCY"].flatMap { Int($0) }
        try await withS3Client({ c in override.map { c.maxConcurrentRequests = $0 } }) { s3 in
            let prefix = S3TestServer.uniquePrefix("throughput")
            let count = 1000
            let width = s3.configuration.maxConcurrentRequests
            let payload = randomBytes(1024)

            let putStart = Date()
            try await Self.forEach(0..<count, width: width) { i in
                try await s3.put(key: prefix + "src/\(i)", body: .bytes(payload), contentType: "application/octet-stream")
            }
            let putSeconds = Date().timeIntervalSince(putStart)

            let copyStart = Date()
            try await Self.forEach(0..<count, width: width) { i in
                try await s3.copy(from: prefix + "src/\(i)", to: prefix + "dst/\(i)")
            }
            let copySeconds = Date().timeIntervalSince(copyStart)

            let listed = try await s3.listAll(prefix: prefix)
            #expect(listed.objects.count == 2 * count)
            #expect(listed.objects.allSatisfy { $0.size == 1024 })
            print(
                String(
                    format: "S3 throughput (%@, concurrency %d): %d PUTs of 1 KiB in %.2f s = %.0f req/s; "
                        + "%d COPYs in %.2f s = %.0f req/s",
                    s3.displayName, width, count, putSeconds, Double(count) / putSeconds, count, copySeconds,
                    Double(count) / copySeconds))
            try await s3.delete(keys: listed.objects.map(\.key))
        }
    }

    /// Runs `body` for every element with at most `width` in flight.
    static func forEach(_ range: Range<Int>, width: Int, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = range.lowerBound
            while next < min(range.lowerBound + width, range.upperBound) {
                let i = next
                group.addTask { try await body(i) }
                next += 1
            }
            while try await group.next() != nil {
                if next < range.upperBound {
                    let i = next
                    group.addTask { try await body(i) }
                    next += 1
                }
            }
        }
    }
}
