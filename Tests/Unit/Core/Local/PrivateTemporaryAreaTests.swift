import Foundation
import Testing
import AgentBackupPorts
@testable import AgentBackupInfrastructure

/// A clock stuck at one instant.
private struct LocalFixedClock: WallClock {
    var instant: Date
    func now() -> Date { instant }
    func sleep(seconds: Double) async throws {}
}

private struct LocalAreaFailure: Error {}

@Suite("PrivateTemporaryArea")
struct PrivateTemporaryAreaTests {
    let fs = PosixFileSystem()

    @Test func withAreaGivesAPrivateFolderAndRemovesIt() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let area = PrivateTemporaryArea(parent: folder.file("cache/tmp"), processID: 4242)
        var seen = ""
        let value = try area.withArea { path -> Int in
            seen = path
            #expect(try fs.status(path)?.mode == 0o700)
            try fs.writeFileAtomically(path + "/plain.db", contents: [1, 2, 3], mode: 0o600)
            return 7
        }
        #expect(value == 7)
        #expect(seen.hasPrefix(folder.file("cache/tmp/run-4242-")))
        #expect(!fs.exists(seen))
        #expect(try fs.status(folder.file("cache/tmp"))?.mode == 0o700)
    }

    @Test func withAreaRemovesTheFolderWhenTheBodyThrows() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let area = PrivateTemporaryArea(parent: folder.file("tmp"))
        var seen = ""
        #expect(throws: LocalAreaFailure.self) {
            try area.withArea { path in
                seen = path
                try fs.createDirectory(path + "/deep/er", mode: 0o700)
                throw LocalAreaFailure()
            }
        }
        #expect(!seen.isEmpty)
        #expect(!fs.exists(seen))
        #expect(try fs.contents(ofDirectory: folder.file("tmp")).isEmpty)
    }

    @Test func asyncWithAreaRemovesTheFolderOnBothPaths() async throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let area = PrivateTemporaryArea(parent: folder.file("tmp"))
        let kept = try await area.withArea { path async throws -> String in
            try await Task.sleep(nanoseconds: 1_000_000)
            return path
        }
        #expect(!fs.exists(kept))
        await #expect(throws: LocalAreaFailure.self) {
            try await area.withArea { _ async throws in throw LocalAreaFailure() }
        }
        #expect(try fs.contents(ofDirectory: folder.file("tmp")).isEmpty)
    }

    @Test func clearStaleRemovesDeadAndOldFoldersOnly() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let parent = folder.file("tmp")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let alive: Set<Int32> = [100, 200]
        let area = PrivateTemporaryArea(
            parent: parent, clock: LocalFixedClock(instant: now), processID: 100,
            isProcessAlive: { alive.contains($0) })
        let hourAgo = Int64(now.timeIntervalSince1970 - 3_600) * 1_000_000_000
        let twoDaysAgo = Int64(now.timeIntervalSince1970 - 2 * 86_400) * 1_000_000_000
        let entries: [(String, Int64)] = [
            ("run-100-mine", twoDaysAgo),       // this process: kept however old
            ("run-200-recent", hourAgo),        // alive, recent: kept
            ("run-200-ancient", twoDaysAgo),    // alive but a day old (pid reuse): removed
            ("run-300-dead", hourAgo),          // dead pid: removed
            ("other-300-x", twoDaysAgo),        // not ours: kept
        ]
        try fs.createDirectory(parent, mode: 0o755)
        for (name, mtime) in entries {
            try fs.createDirectory(parent + "/" + name + "/sub", mode: 0o700)
            try fs.writeFileAtomically(parent + "/" + name + "/sub/copy.db", contents: [9], mode: 0o600)
            try fs.setModificationTime(parent + "/" + name, ns: mtime)
        }

        let removed = try area.clearStale()

        #expect(removed == [parent + "/run-200-ancient", parent + "/run-300-dead"])
        #expect(Set(try fs.contents(ofDirectory: parent)) == ["run-100-mine", "run-200-recent", "other-300-x"])
        #expect(try fs.status(parent)?.mode == 0o700)
    }

    @Test func clearStaleWithTheRealProcessTable() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        let area = PrivateTemporaryArea(parent: folder.file("tmp"))
        let mine = try area.create()
        try fs.createDirectory(folder.file("tmp/run-\(Int32.max)-gone"), mode: 0o700)
        #expect(try area.clearStale() == [folder.file("tmp/run-\(Int32.max)-gone")])
        #expect(fs.exists(mine))
        #expect(PrivateTemporaryArea.processIsAlive(getpid()))
        #expect(!PrivateTemporaryArea.processIsAlive(Int32.max))
    }

    @Test func aParentThatIsALinkIsRefused() throws {
        let folder = try LocalTestFolder()
        defer { folder.delete() }
        try fs.createDirectory(folder.file("elsewhere"), mode: 0o755)
        try FileManager.default.createSymbolicLink(atPath: folder.file("tmp"), withDestinationPath: folder.file("elsewhere"))
        let error = #expect(throws: FileSystemError.self) { try PrivateTemporaryArea(parent: folder.file("tmp")).create() }
        #expect(error?.path == folder.file("tmp"))
        #expect(error?.message.contains("symbolic link") == true)
        #expect(try fs.contents(ofDirectory: folder.file("elsewhere")).isEmpty)
    }

    @Test func folderNamesCarryThePid() {
        #expect(PrivateTemporaryArea.processID(inFolderName: "run-123-abcDEF") == 123)
        #expect(PrivateTemporaryArea.processID(inFolderName: "run-x-abc") == nil)
        #expect(PrivateTemporaryArea.processID(inFolderName: "run-0-abc") == nil)
        #expect(PrivateTemporaryArea.processID(inFolderName: "walk-1-abc") == nil)
    }
}
