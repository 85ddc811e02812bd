import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The key-to-path mapping is a bijection: random keys made of the awkward pieces (slashes, dots,
/// `%`, NUL, combining marks, long runs) come back from a listing byte for byte, in byte order.
@Suite struct LocalDirectoryStoreRandomKeyTests {
    static let pieces = [
        "a", "b", "/", "/", "//", ".", "..", "%", "%2E", "%+", "\u{0}", "\u{1F}", "\u{7F}", "ü", "e\u{301}", "日本",
        "📝", " ", "+", "~", "%tmp-", String(repeating: "x", count: 130), String(repeating: "é", count: 70),
    ]

    static func keys(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        var seen = Set<[UInt8]>()
        var keys: [String] = []
        while keys.count < count {
            let key = (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if seen.insert(Array(key.utf8)).inserted { keys.append(key) }
        }
        // A local folder store cannot hold a key that is also a folder of another key.
        let all = keys.map { Array($0.utf8) + [UInt8(ascii: "/")] }
        return keys.filter { key in
            let folder = Array(key.utf8) + [UInt8(ascii: "/")]
            return !all.contains { $0 != folder && Array($0.dropLast()).starts(with: folder) }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomKeysComeBackExactly(seed: UInt64) async throws {
        let directory = try TemporaryDirectory(prefix: "random-keys")
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        let keys = Self.keys(count: 150, seed: seed)
        #expect(keys.count > 100)
        for key in keys {
            try await store.put(key: key, body: .bytes(Array(key.utf8)), contentType: "x")
        }
        let sorted = keys.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        let listed = try await store.listAll(prefix: "").objects
        #expect(listed.map { Array($0.key.utf8) } == sorted)
        for object in listed {
            #expect(try await store.get(key: object.key, maxBytes: 4096) == Array(object.key.utf8))
        }
        // Paging by 7 with a delimiter gives the same keys and folders as one big page.
        let whole = try await store.list(prefix: "", delimiter: "/", continuationToken: nil, startAfter: nil, maxKeys: nil)
        var paged = ObjectListing()
        var token: String? = nil
        repeat {
            let page = try await store.list(prefix: "", delimiter: "/", continuationToken: token, startAfter: nil, maxKeys: 7)
            paged.objects += page.objects
            paged.commonPrefixes += page.commonPrefixes
            token = page.nextContinuationToken
        } while token != nil
        #expect(paged.objects.map { Array($0.key.utf8) } == whole.objects.map { Array($0.key.utf8) })
        #expect(paged.commonPrefixes.map { Array($0.utf8) } == whole.commonPrefixes.map { Array($0.utf8) })
        try await store.delete(keys: keys)
        #expect((FileManager.default.subpaths(atPath: store.root) ?? []).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["b"])
    }
}
