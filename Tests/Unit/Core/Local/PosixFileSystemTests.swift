import Foundation
import Testing
import AgentBackupPorts
@testable import AgentBackupInfrastructure

@Suite("PosixFileSystem")
struct PosixFileSystemTests {
    let fs = PosixFileSystem()

    @Test func statusReportsKindSizeNanosecondTimesInodeAndMode() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let path = folder.file("a.txt")
        try fs.writeFileAtomically(path, contents: Array("hello".utf8), mode: 0o640)
        try fs.setModificationTime(path, ns: 1_700_000_000_123_456_789)

        let status = try #require(try fs.status(path))
        #expect(status.kind == .regular)
        #expect(status.size == 5)
        #expect(status.mode == 0o640)
        #expect(status.mtimeNs == 1_700_000_000_123_456_789)
        #expect(status.ctimeNs > 1_700_000_000_000_000_000)
        #expect(status.inode != 0)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(UInt64(truncating: attributes[.systemFileNumber] as! NSNumber) == status.inode)
        #expect(try fs.status(folder.path)?.kind == .directory)
    }

    @Test func statusIsNilForMissingPathsAndDoesNotFollowLinks() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        #expect(try fs.status(folder.file("missing")) == nil)
        try fs.writeFileAtomically(folder.file("f"), contents: [1], mode: 0o600)
        #expect(try fs.status(folder.file("f/below")) == nil)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link"), withDestinationPath: "/etc")
        #expect(try fs.status(folder.file("link"))?.kind == .symlink)
    }

    @Test func modificationTimeBefore1970RoundTrips() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let path = folder.file("old")
        try fs.writeFileAtomically(path, contents: [], mode: 0o644)
        try fs.setModificationTime(path, ns: -1_500_000_000)
        #expect(try fs.status(path)?.mtimeNs == -1_500_000_000)
    }

    @Test func listsUnicodeNamesWithoutDots() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let names = ["My Notes ü 日本.md", "🎉 party.txt", "plain"]
        for name in names {
            try fs.writeFileAtomically(folder.file(name), contents: Array(name.utf8), mode: 0o644)
        }
        try fs.createDirectory(folder.file("sub ü"), mode: 0o755)
        #expect(Set(try fs.contents(ofDirectory: folder.path)) == Set(names + ["sub ü"]))
        for name in names {
            #expect(try fs.readFile(folder.file(name)) == Array(name.utf8))
        }
    }

    @Test func listingANonUTF8NameIsAnErrorNamingTheFolder() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let bad: [CChar] = Array((folder.path + "/caf").utf8CString.dropLast()) + [CChar(bitPattern: 0xE9), 0]
        let fd = open(bad, O_CREAT | O_WRONLY, 0o600)
        #expect(fd >= 0)
        close(fd)
        let error = #expect(throws: FileSystemError.self) { try fs.contents(ofDirectory: folder.path) }
        #expect(error?.path == folder.path)
        #expect(error?.message.contains("caf\\xe9") == true)
        try fs.remove(folder.path)
        #expect(try fs.status(folder.path) == nil)
    }

    @Test func createDirectoryMakesEveryLevelAndAcceptsExisting() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let deep = folder.file("a/b/c d/é")
        try fs.createDirectory(deep, mode: 0o700)
        try fs.createDirectory(deep, mode: 0o700)
        #expect(try fs.status(deep)?.kind == .directory)
        #expect(try fs.status(deep)?.mode == 0o700)
    }

    @Test func createDirectoryThroughAFileNamesTheFile() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        try fs.writeFileAtomically(folder.file("file"), contents: [1], mode: 0o644)
        let error = #expect(throws: FileSystemError.self) { try fs.createDirectory(folder.file("file/sub"), mode: 0o755) }
        #expect(error?.path == folder.file("file"))
        #expect(error?.message.contains("not a folder") == true)
    }

    @Test func removeDeletesTreesButNotWhatLinksPointTo() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let outside = folder.file("outside")
        try fs.createDirectory(outside, mode: 0o755)
        try fs.writeFileAtomically(outside + "/keep.txt", contents: [7], mode: 0o644)

        let tree = folder.file("tree")
        try fs.createDirectory(tree + "/x/y", mode: 0o755)
        try fs.writeFileAtomically(tree + "/x/y/f ü", contents: [1], mode: 0o644)
        try fs.writeFileAtomically(tree + "/top", contents: [2], mode: 0o644)
        try FileManager.default.createSymbolicLink(atPath: tree + "/x/escape", withDestinationPath: outside)

        try fs.remove(tree + "/")
        #expect(try fs.status(tree) == nil)
        #expect(try fs.readFile(outside + "/keep.txt") == [7])
        try fs.remove(tree)  // missing: no error
    }

    @Test func removeALinkLeavesItsTarget() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        try fs.writeFileAtomically(folder.file("target"), contents: [1], mode: 0o644)
        try FileManager.default.createSymbolicLink(atPath: folder.file("link"), withDestinationPath: folder.file("target"))
        try fs.remove(folder.file("link"))
        #expect(try fs.status(folder.file("link")) == nil)
        #expect(try fs.status(folder.file("target"))?.kind == .regular)
    }

    @Test func removeRefusesRootAndDots() throws {
        for path in ["/", "/tmp/.", "/tmp/..", ""] {
            #expect(throws: FileSystemError.self) { try fs.remove(path) }
        }
    }

    @Test func writeFileAtomicallyReplacesAndLeavesNoTempFiles() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let path = folder.file("manifest.json")
        try fs.writeFileAtomically(path, contents: Array("one".utf8), mode: 0o600)
        try fs.writeFileAtomically(path, contents: Array("two!".utf8), mode: 0o644)
        #expect(try fs.readFile(path) == Array("two!".utf8))
        #expect(try fs.status(path)?.mode == 0o644)
        #expect(try fs.contents(ofDirectory: folder.path) == ["manifest.json"])
    }

    @Test func writeFileAtomicallyHandlesTheLongestNames() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let name = String(repeating: "é", count: 127)  // 254 bytes, just under NAME_MAX
        try fs.writeFileAtomically(folder.file(name), contents: [5], mode: 0o600)
        #expect(try fs.readFile(folder.file(name)) == [5])
        #expect(try fs.contents(ofDirectory: folder.path) == [name])
    }

    @Test func writeIntoAMissingFolderNamesThePath() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let error = #expect(throws: FileSystemError.self) {
            try fs.writeFileAtomically(folder.file("nope/x"), contents: [1], mode: 0o644)
        }
        #expect(error?.errno == ENOENT)
        #expect(error?.description.contains(folder.file("nope/")) == true)
    }

    @Test func temporaryFileAndFolderArePrivateAndUnique() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let a = try fs.makeTemporaryFile(in: folder.path, prefix: "dl-")
        let b = try fs.makeTemporaryFile(in: folder.path, prefix: "dl-")
        #expect(a != b)
        #expect(a.hasPrefix(folder.file("dl-")))
        #expect(try fs.status(a)?.mode == 0o600)
        #expect(try fs.status(a)?.size == 0)
        let dir = try fs.makeTemporaryDirectory(in: folder.path, prefix: "run-")
        #expect(try fs.status(dir)?.kind == .directory)
        #expect(try fs.status(dir)?.mode == 0o700)
        #expect(throws: FileSystemError.self) { try fs.makeTemporaryFile(in: folder.path, prefix: "../x") }
    }

    @Test func renameAndSyncWork() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        try fs.writeFileAtomically(folder.file("a"), contents: [1, 2], mode: 0o644)
        try fs.sync(folder.file("a"))
        try fs.rename(folder.file("a"), to: folder.file("b ü"))
        #expect(try fs.readFile(folder.file("b ü")) == [1, 2])
        #expect(!fs.exists(folder.file("a")))
        let error = #expect(throws: FileSystemError.self) { try fs.rename(folder.file("a"), to: folder.file("c")) }
        #expect(error?.errno == ENOENT)
        #expect(error?.description.contains(folder.file("c")) == true)
    }

    @Test func readFileReadsLargerThanOneChunk() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try fs.writeFileAtomically(folder.file("big"), contents: bytes, mode: 0o644)
        #expect(try fs.readFile(folder.file("big")) == bytes)
    }

    @Test func syncAllFlushesEveryFileAndNamesAMissingOne() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let paths = (0..<5).map { folder.file("f\($0)") }
        for path in paths { try fs.writeFileAtomically(path, contents: [1, 2, 3], mode: 0o600) }
        try fs.syncAll(paths)
        try fs.syncAll([paths[0]])
        try fs.syncAll([])
        let error = #expect(throws: FileSystemError.self) { try fs.syncAll(paths + [folder.file("gone")]) }
        #expect(error?.description.contains(folder.file("gone")) == true)
    }

    @Test func diskFullAndPermissionErrorsSayWhatToDo() throws {
        #expect(PosixCall.message(for: ENOSPC).contains("disk full"))
        #expect(PosixCall.error("write", "/x/y", errno: ENOSPC).description == "write /x/y: " + PosixCall.message(for: ENOSPC))
        #expect(PosixCall.message(for: EACCES).contains("permission denied"))
    }

    @Test func readingAMissingFileIsAnErrorNamingIt() throws {
        let error = #expect(throws: FileSystemError.self) { try fs.readFile("/nonexistent/agent-backup/x") }
        #expect(error?.path == "/nonexistent/agent-backup/x")
        #expect(error?.errno == ENOENT)
        #expect(error?.operation == "open")
    }
}
