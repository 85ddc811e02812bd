import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The test file system: pass-through, recording, faults, and APFS-like name folding.
@Suite struct FaultyFileSystemTests {
    let nfc = "caf\u{E9}.md"
    let nfd = "cafe\u{301}.md"

    @Test func passesThroughAndRecordsEveryCallAsGiven() throws {
        let dir = try TemporaryDirectory()
        let fs = FaultyFileSystem(base: PosixFileSystem())
        try fs.createDirectory(dir.path("a"), mode: 0o755)
        try fs.writeFileAtomically(dir.path("a/x"), contents: [1, 2], mode: 0o600)
        #expect(try fs.readFile(dir.path("a/x")) == [1, 2])
        try fs.rename(dir.path("a/x"), to: dir.path("a/y"))
        #expect(try fs.listing(ofDirectory: dir.path("a")).names == ["y"])
        try fs.remove(dir.path("a"))
        #expect(try fs.status(dir.path("a")) == nil)
        #expect(fs.calls == [
            .init(.createDirectory, dir.path("a")), .init(.writeFile, dir.path("a/x")), .init(.readFile, dir.path("a/x")),
            .init(.rename, dir.path("a/x"), destination: dir.path("a/y")), .init(.listing, dir.path("a")),
            .init(.remove, dir.path("a")), .init(.status, dir.path("a")),
        ])
        #expect(fs.paths(of: .readFile) == [dir.path("a/x")])
    }

    @Test func aFullDiskFailsMatchingWritesAfterNCallsAndWritesNothing() throws {
        let dir = try TemporaryDirectory()
        let fs = FaultyFileSystem(base: PosixFileSystem())
        fs.inject(.diskFull(pathContaining: ".db", after: 2))
        try fs.writeFileAtomically(dir.path("1.db"), contents: [1], mode: 0o600)
        try fs.writeFileAtomically(dir.path("2.db"), contents: [2], mode: 0o600)
        let error = try #require(throws: FileSystemError.self) {
            try fs.writeFileAtomically(dir.path("3.db"), contents: [3], mode: 0o600)
        }
        #expect(error.errno == ENOSPC && error.path == dir.path("3.db") && error.operation == "writeFile")
        #expect(!error.message.isEmpty)
        #expect(try fs.status(dir.path("3.db")) == nil)
        try fs.writeFileAtomically(dir.path("notes.md"), contents: [4], mode: 0o600)
        #expect(throws: FileSystemError.self) { try fs.writeFileAtomically(dir.path("4.db"), contents: [4], mode: 0o600) }
        fs.removeFaults()
        try fs.writeFileAtomically(dir.path("4.db"), contents: [4], mode: 0o600)
    }

    @Test func aDeniedFolderFailsOnlyTheChosenOperationsAndTimes() throws {
        let dir = try TemporaryDirectory()
        try dir.write([1], to: "private/secret")
        let fs = FaultyFileSystem(base: PosixFileSystem())
        fs.inject(.permissionDenied(on: [.listing, .contents], pathContaining: "private", times: 1))
        #expect(try fs.status(dir.path("private"))?.kind == .directory)
        let error = try #require(throws: FileSystemError.self) { try fs.listing(ofDirectory: dir.path("private")) }
        #expect(error.errno == EACCES)
        #expect(try fs.listing(ofDirectory: dir.path("private")).names == ["secret"])
    }

    @Test func aRenameFaultMatchesItsDestination() throws {
        let dir = try TemporaryDirectory()
        let source = try dir.write([1], to: "part")
        let fs = FaultyFileSystem(base: PosixFileSystem())
        fs.inject(FaultyFileSystem.Fault(errno: EXDEV, on: [.rename]) { $0.hasSuffix("/final") })
        #expect(throws: FileSystemError.self) { try fs.rename(source, to: dir.path("final")) }
        #expect(try fs.status(source) != nil)
    }

    @Test func streamsPassThroughAndCanBeGarbled() throws {
        let dir = try TemporaryDirectory()
        let fs = FaultyFileSystem(base: PosixFileSystem())
        try fs.writeStream(to: dir.path("a.txt"), mode: 0o600) { write in
            try write(Array("abc".utf8))
            try write(Array("def".utf8))
        }
        var read: [UInt8] = []
        try fs.readChunks(of: dir.path("a.txt"), chunkBytes: 4) { read += $0 }
        #expect(read == Array("abcdef".utf8))
        fs.garbleStreams(endingIn: "-mapped")
        try fs.writeStream(to: dir.path("b-mapped"), mode: 0o600) { try $0(Array("xyz".utf8)) }
        #expect(try fs.readFile(dir.path("b-mapped")) == Array("xyZ".utf8))
        #expect(fs.paths(of: .writeStream, .readChunks) == [dir.path("a.txt"), dir.path("a.txt"), dir.path("b-mapped")])
    }

    @Test func withoutFoldingNamesAreBytes() throws {
        let dir = try TemporaryDirectory()
        try dir.write([1], to: nfc)
        let fs = FaultyFileSystem(base: PosixFileSystem())
        #expect(try fs.status(dir.path(nfd)) == nil)
        try fs.writeFileAtomically(dir.path(nfd), contents: [2], mode: 0o600)
        #expect(Set(try fs.listing(ofDirectory: dir.path).names.map { Array($0.utf8) }) == [Array(nfc.utf8), Array(nfd.utf8)])
    }

    @Test func apfsFoldingFindsTheFirstSpellingAndKeepsIt() throws {
        let dir = try TemporaryDirectory()
        try dir.write([1], to: "Notes/" + nfc)
        let fs = FaultyFileSystem(base: PosixFileSystem(), folding: .caseAndNormalization)
        #expect(try fs.status(dir.path("notes/" + nfd))?.size == 1)
        #expect(try fs.readFile(dir.path("NOTES/CAFE\u{301}.MD")) == [1])
        try fs.writeFileAtomically(dir.path("notes/" + nfd), contents: [2, 2], mode: 0o600)
        let names = try fs.listing(ofDirectory: dir.path("notes")).names
        #expect(names.map { Array($0.utf8) } == [Array(nfc.utf8)])
        #expect(try fs.readFile(dir.path("Notes/" + nfc)) == [2, 2])
        #expect(try fs.listing(ofDirectory: dir.path).names == ["Notes"])
    }

    @Test func apfsFoldingRenamesOntoTheExistingFile() throws {
        let dir = try TemporaryDirectory()
        try dir.write([1], to: nfc)
        let staged = try dir.write([9], to: "staged")
        let fs = FaultyFileSystem(base: PosixFileSystem(), folding: .caseAndNormalization)
        try fs.rename(staged, to: dir.path(nfd))
        #expect(try fs.listing(ofDirectory: dir.path).names.map { Array($0.utf8) } == [Array(nfc.utf8)])
        #expect(try fs.readFile(dir.path(nfc)) == [9])
        try fs.rename(dir.path(nfd), to: dir.path("CAF\u{C9}.md"))
        #expect(try fs.listing(ofDirectory: dir.path).names == ["CAF\u{C9}.md"])
    }

    @Test func normalizationFoldingKeepsCaseVariantsApart() throws {
        let dir = try TemporaryDirectory()
        try dir.write([1], to: nfc)
        let fs = FaultyFileSystem(base: PosixFileSystem(), folding: .normalization)
        #expect(try fs.readFile(dir.path(nfd)) == [1])
        #expect(try fs.status(dir.path("CAF\u{C9}.md")) == nil)
        try fs.createDirectory(dir.path("new/deeper"), mode: 0o700)
        #expect(try fs.status(dir.path("new/deeper"))?.kind == .directory)
    }
}
