import Foundation
import Testing
import AgentBackupPorts
@testable import AgentBackupInfrastructure

@Suite("FlockInstanceLock")
struct FlockInstanceLockTests {
    @Test func acquireReleaseAndAcquireAgain() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let locks = FlockInstanceLock(directory: folder.file("locks"))
        let name = "goose|bucket|goose-backup"

        let held = try locks.acquire(name: name)
        let path = locks.lockFilePath(for: name)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
        held.release()
        held.release()  // idempotent
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")

        let again = try locks.acquire(name: name)
        defer { again.release() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
        #expect(try PosixFileSystem().status(folder.file("locks"))?.mode == 0o700)
    }

    @Test func aSecondAcquireInTheSameProcessConflicts() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let locks = FlockInstanceLock(directory: folder.file("locks"))
        let held = try locks.acquire(name: "codex|b|p")
        defer { held.release() }

        let error = #expect(throws: LockError.self) { try locks.acquire(name: "codex|b|p") }
        #expect(error?.holderPid == getpid())
        #expect(error?.name == "codex|b|p")
        #expect(error?.message.contains("already running (pid \(getpid()))") == true)
        // Another name is another lock.
        try locks.acquire(name: "codex|b|other").release()
        // The failed attempt did not disturb the holder's pid.
        #expect(try String(contentsOfFile: locks.lockFilePath(for: "codex|b|p"), encoding: .utf8) == "\(getpid())\n")
    }

    @Test func anotherProcessHoldingTheLockBlocksUntilItDies() throws {
        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let locks = FlockInstanceLock(directory: folder.file("locks"))
        let name = "claude|my bucket|claude-backup"
        try PosixFileSystem().createDirectory(folder.file("locks"), mode: 0o700)
        let holder = try LocalLockHolderProcess(locking: locks.lockFilePath(for: name))
        defer { holder.stop() }

        let error = #expect(throws: LockError.self) { try locks.acquire(name: name) }
        #expect(holder.pid != getpid())
        #expect(error?.holderPid == holder.pid)
        #expect(error?.message.contains("already running (pid \(holder.pid))") == true)
        #expect(error?.description.contains(locks.lockFilePath(for: name)) == true)

        holder.stop()  // killed: the kernel drops its lock; its pid stays in the file
        #expect(try String(contentsOfFile: locks.lockFilePath(for: name), encoding: .utf8) == "\(holder.pid)\n")
        let held = try locks.acquire(name: name)
        defer { held.release() }
        #expect(try String(contentsOfFile: locks.lockFilePath(for: name), encoding: .utf8) == "\(getpid())\n")
    }

    @Test func lockNamesBecomeSafeDistinctFileNames() throws {
        let hostile = FlockInstanceLock.fileName(for: "../../etc/passwd|bucket/prefix")
        #expect(!hostile.contains("/"))
        #expect(!hostile.hasPrefix("."))
        #expect(hostile.hasSuffix(".lock"))
        #expect(FlockInstanceLock.fileName(for: "a/b") != FlockInstanceLock.fileName(for: "a_b"))
        #expect(FlockInstanceLock.fileName(for: "goose|b|p") == FlockInstanceLock.fileName(for: "goose|b|p"))
        #expect(FlockInstanceLock.fileName(for: "goose|b|p").hasPrefix("goose_b_p-"))
        #expect(FlockInstanceLock.fileName(for: String(repeating: "x", count: 500)).count == 64 + 1 + 16 + 5)
        #expect(FlockInstanceLock.fileName(for: "日本 🎉").hasPrefix("____-"))

        let folder = try LocalScratchFolder()
        defer { folder.delete() }
        let locks = FlockInstanceLock(directory: folder.file("locks"))
        try locks.acquire(name: "../../escape").release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["locks"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("locks")).count == 1)
    }
}
