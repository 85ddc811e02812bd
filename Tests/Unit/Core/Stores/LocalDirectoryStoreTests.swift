import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// What the local folder store does beyond the shared contract: safe paths, atomic writes, layout.
@Suite struct LocalDirectoryStoreTests {
    /// Every file and folder below `path`, relative to it.
    static func tree(_ path: String) -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }

    @Test(arguments: [
        "../x", "../../../../../../etc/passwd", "/abs", "/", "a/../../b", "..", ".", "./.", "a/./../..",
        "nul\u{0}byte", "\u{0}", "../\u{0}/..", "%2E%2E/x", "a\\..\\b", "//", "..%2F..", "trailing/..",
    ])
    func hostileKeysStayInsideTheRoot(_ key: String) async throws {
        let directory = try TemporaryDirectory(prefix: "hostile")
        let store = try LocalDirectoryStore(directory: directory.path + "/store", bucket: "b")
        try await store.put(key: key, body: .bytes(Array("payload".utf8)), contentType: "text/plain")
        #expect(try await store.get(key: key, maxBytes: 100) == Array("payload".utf8))
        // Nothing outside <dir>/store/b: the temp dir holds only "store", which holds only "b".
        #expect(Self.tree(directory.path).allSatisfy { $0 == "store" || $0 == "store/b" || $0.hasPrefix("store/b/") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["store"])
        let listed = try await store.listAll(prefix: "").objects.map(\.key)
        #expect(listed.map { Array($0.utf8) } == [Array(key.utf8)], "the exact key comes back")
        try await store.copy(from: key, to: key + "-copy")
        try await store.delete(keys: [key, key + "-copy"])
        #expect(Self.tree(store.root).isEmpty)
    }

    @Test func plainKeysKeepReadablePaths() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "bucket")
        let key = "goose-backup/2026-02-09T10-04-05-123Z/data/sessions/ü 日本 📝+&=.json"
        try await store.put(key: key, body: .bytes([1, 2, 3]), contentType: "application/json")
        let file = directory.path + "/bucket/" + key
        #expect(FileManager.default.contents(atPath: file) == Data([1, 2, 3]))
        #expect(store.displayName == "file://\(directory.path)/bucket")
    }

    @Test func specialSegmentsAreEncoded() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        for key in ["a//b", "c/", "..", "100%", "tab\there"] {
            try await store.put(key: key, body: .bytes([]), contentType: "x")
        }
        #expect(Self.tree(store.root) == [
            "%2E%2E", "100%25", "a", "a/%", "a/%/b", "c", "c/%", "tab%09here",
        ])
    }

    @Test func longSegmentsAreSplitIntoContinuationFolders() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        let long = String(repeating: "ü", count: 300) + "%" + String(repeating: "x", count: 400)  // 1,002 encoded bytes
        let keys = ["p/" + long, "p/" + long + "/inner", "p/" + String(repeating: "ü", count: 300)]
        for key in keys { try await store.put(key: key + "z", body: .bytes(Array(key.utf8)), contentType: "x") }
        for key in keys { #expect(try await store.get(key: key + "z", maxBytes: 4096) == Array(key.utf8)) }
        let listed = try await store.listAll(prefix: "p/").objects.map(\.key)
        #expect(Set(listed) == Set(keys.map { $0 + "z" }))
        #expect(listed.count == 3)
        for path in Self.tree(store.root) {
            for component in path.split(separator: "/") { #expect(component.utf8.count <= 255) }
        }
        // A prefix ending inside the long segment still finds it.
        #expect(try await store.listAll(prefix: "p/" + String(repeating: "ü", count: 290)).objects.count == 3)
        let folders = try await store.listAll(prefix: "p/", delimiter: "/")
        #expect(folders.commonPrefixes == ["p/" + long + "/"])
        #expect(Set(folders.objects.map(\.key)) == ["p/" + long + "z", "p/" + String(repeating: "ü", count: 300) + "z"])
        try await store.delete(keys: keys.map { $0 + "z" })
        #expect(Self.tree(store.root).isEmpty)
    }

    @Test func foreignAndTemporaryFilesAreNotListed() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        try await store.put(key: "real", body: .bytes([1]), contentType: "x")
        for name in ["%tmp-leftover", "%41", "bad%zz", "%2e"] {
            #expect(FileManager.default.createFile(atPath: store.root + "/" + name, contents: Data([9])))
        }
        try FileManager.default.createSymbolicLink(atPath: store.root + "/link", withDestinationPath: "/etc/hostname")
        #expect(try await store.listAll(prefix: "").objects.map(\.key) == ["real"])
        #expect(try await store.head(key: "link") == nil, "a symbolic link is never an object")
        await #expect(throws: StoreError.self) { _ = try await store.get(key: "link", maxBytes: 100) }
    }

    @Test func keyThatIsAlsoAFolderIsRefusedClearly() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        try await store.put(key: "a/b", body: .bytes([1]), contentType: "x")
        let error = await #expect(throws: StoreError.self) { try await store.put(key: "a", body: .bytes([2]), contentType: "x") }
        #expect(error?.code == .permanent)
        #expect(error?.hint?.contains("folder of other keys") == true)
        #expect(try await store.head(key: "a") == nil, "a folder of keys is not an object")
        try await store.put(key: "c", body: .bytes([1]), contentType: "x")
        let second = await #expect(throws: StoreError.self) { try await store.put(key: "c/d", body: .bytes([2]), contentType: "x") }
        #expect(second?.code == .permanent)
        #expect(Self.tree(store.root).allSatisfy { !$0.contains("%tmp-") }, "no temporary file left behind")
    }

    @Test func overwriteReplacesAtomicallyAndLeavesNoTemporaryFiles() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        let path = store.root + "/k"
        try await store.put(key: "k", body: .bytes(Array(repeating: 1, count: 10)), contentType: "x")
        var before = stat()
        #expect(lstat(path, &before) == 0)
        try await store.put(key: "k", body: .bytes([2]), contentType: "x")
        var after = stat()
        #expect(lstat(path, &after) == 0)
        #expect(before.st_ino != after.st_ino, "a new file renamed into place, not rewritten in place")
        #expect(after.st_mode & 0o777 == 0o600)
        #expect(Self.tree(store.root) == ["k"])
    }

    @Test func concurrentPutsAndDeletesInOneFolderAllLand() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    try await store.put(key: "f/k\(i)", body: .bytes([UInt8(i)]), contentType: "x")
                    if i % 2 == 0 { try await store.delete(keys: ["f/k\(i)"]) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.listAll(prefix: "f/").objects.count == 20)
    }

    @Test func delimiterListingOfManyFoldersReportsEachOnce() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        for snapshot in ["2026-01-01T00-00-00-000Z", "2026-01-02T00-00-00-000Z", "safety-2026-01-03T00-00-00Z"] {
            for file in ["manifest.json", "label/a", "label/deep/b"] {
                try await store.put(key: "p/\(snapshot)/\(file)", body: .bytes([]), contentType: "x")
            }
        }
        let listing = try await store.listAll(prefix: "p/", delimiter: "/")
        #expect(listing.commonPrefixes == [
            "p/2026-01-01T00-00-00-000Z/", "p/2026-01-02T00-00-00-000Z/", "p/safety-2026-01-03T00-00-00Z/",
        ])
        #expect(listing.objects.isEmpty)
        // startAfter inside a folder still reports that folder (S3 does).
        let after = try await store.list(
            prefix: "p/", delimiter: "/", continuationToken: nil, startAfter: "p/2026-01-01T00-00-00-000Z/label/a", maxKeys: nil)
        #expect(after.commonPrefixes.first == "p/2026-01-01T00-00-00-000Z/")
    }

    @Test func openingRefusesRelativePathsAndBadBuckets() throws {
        #expect(throws: StoreError.self) { try LocalDirectoryStore(directory: "relative/dir", bucket: "b") }
        #expect(throws: StoreError.self) { try LocalDirectoryStore(directory: "/tmp", bucket: "..") }
        #expect(throws: StoreError.self) { try LocalDirectoryStore(directory: "/tmp", bucket: "a/b") }
        #expect(throws: StoreError.self) { try LocalDirectoryStore(fileURL: "s3://x", bucket: "b") }
        let store = try LocalDirectoryStore(fileURL: "file:///var/backups%20x/", bucket: "b")
        #expect(store.directory == "/var/backups x")
        #expect(store.root == "/var/backups x/b")
    }

    @Test func emptyKeyIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path, bucket: "b")
        let error = await #expect(throws: StoreError.self) { try await store.put(key: "", body: .bytes([1]), contentType: "x") }
        #expect(error?.code == .permanent)
    }

    @Test func listingAMissingBucketIsEmpty() async throws {
        let directory = try TemporaryDirectory()
        let store = try LocalDirectoryStore(directory: directory.path + "/never-created", bucket: "b")
        #expect(try await store.listAll(prefix: "").objects.isEmpty)
        #expect(try await store.head(key: "x") == nil)
    }
}
