import AgentBackupPorts
import Foundation

/// Checks of ranged reads (`get(key:range:)`), which the packed layout uses to read blobs out of
/// pack files.
extension ConformanceContext {
    func rangedRead() async throws {
        let key = base + "ranged ü.bin"
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
        try await store.put(key: key, body: .bytes(bytes), contentType: "application/octet-stream")
        let cases: [(Range<Int64>, ArraySlice<UInt8>, String)] = [
            (0..<1, bytes[0..<1], "the first byte"),
            (0..<100, bytes[0..<100], "the first 100 bytes"),
            (4_321..<5_000, bytes[4_321..<5_000], "a range in the middle"),
            (9_999..<10_000, bytes[9_999..<10_000], "the last byte"),
            (0..<10_000, bytes[...], "the whole object"),
            (9_000..<20_000, bytes[9_000...], "a range running past the end"),
            (10_000..<10_100, [], "a range starting at the end"),
            (50_000..<50_001, [], "a range starting past the end"),
            (10..<10, [], "an empty range"),
        ]
        for (range, expected, what) in cases {
            try expectEqual(try await store.get(key: key, range: range), Array(expected), "get(range: \(range)) of \(what)")
        }
        try await expectStoreError(.notFound, "get(range:) of a missing key") {
            _ = try await store.get(key: base + "never written", range: 0..<10)
        }
    }

    func rangedReadLargeObject() async throws {
        let key = base + "large-ranged.bin"
        let size = options.largeObjectBytes
        let source = scratch.path("large-ranged.bin")
        try Self.writePattern(size: size, to: source)
        try await store.put(key: key, body: .file(path: source), contentType: "application/octet-stream")
        guard let handle = FileHandle(forReadingAtPath: source) else {
            throw TemporaryDirectoryError(message: "cannot open \(source)")
        }
        defer { try? handle.close() }
        let ranges: [Range<Int64>] = [
            0..<4096, Int64(size / 2 - 1000)..<Int64(size / 2 + (3 << 20)), Int64(size - 1)..<Int64(size),
            Int64(size - 5000)..<Int64(size + 5000),
        ]
        for range in ranges {
            try handle.seek(toOffset: UInt64(range.lowerBound))
            let upper = min(range.upperBound, Int64(size))
            let expected = [UInt8](try handle.read(upToCount: Int(upper - range.lowerBound)) ?? Data())
            let got = try await store.get(key: key, range: range)
            if got != expected {
                throw violation("get(range: \(range)) of the large object gave \(got.count) bytes that differ from the \(expected.count) expected", #fileID, #line)
            }
        }
    }
}
