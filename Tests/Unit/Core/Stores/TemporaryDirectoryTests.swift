import AgentBackupTestSupport
import Foundation
import Testing

@Suite struct TemporaryDirectoryTests {
    @Test func isRemovedWithEverythingInIt() throws {
        var path = ""
        do {
            let directory = try TemporaryDirectory(prefix: "tmpdir-test")
            path = directory.path
            try directory.write([1, 2], to: "a/b/c.bin")
            #expect(directory.read("a/b/c.bin") == [1, 2])
            #expect(path.hasPrefix(NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"))
        }
        #expect(!path.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func withTemporaryDirectoryRemovesAfterAThrow() throws {
        struct Boom: Error {}
        var seen = ""
        #expect(throws: Boom.self) {
            try withTemporaryDirectory { path in
                seen = path
                #expect(FileManager.default.fileExists(atPath: path))
                throw Boom()
            }
        }
        #expect(!seen.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: seen))
    }

    @Test func asyncWithTemporaryDirectoryRemovesAfterwards() async throws {
        let seen = try await withTemporaryDirectory { path in
            await Task.yield()
            #expect(FileManager.default.fileExists(atPath: path))
            return path
        }
        #expect(!FileManager.default.fileExists(atPath: seen))
    }

    @Test func twoFoldersDiffer() throws {
        let a = try TemporaryDirectory()
        let b = try TemporaryDirectory()
        #expect(a.path != b.path)
    }
}
