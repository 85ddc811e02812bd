import AgentBackupTestSupport
import Foundation
import Testing
@testable import AgentBackupInfrastructure

/// `doctor`'s look at the single-instance lock and at the store's clock.
@Suite("Lock holder probe and HTTP dates")
struct LockProbeTests {
    @Test func aLockIsFreeHeldWithItsPidAndFreeAgainWithoutBeingTaken() throws {
        let folder = try TemporaryDirectory(prefix: "agent-backup-lockprobe")
        let locks = FlockInstanceLock(directory: folder.path("locks"))
        #expect(locks.holder(name: "goose+bkt+goose-backup") == .free)
        #expect(!FileManager.default.fileExists(atPath: folder.path("locks")), "probing creates nothing")
        let held = try locks.acquire(name: "goose+bkt+goose-backup")
        #expect(locks.holder(name: "goose+bkt+goose-backup") == .held(pid: getpid()))
        #expect(locks.holder(name: "codex+bkt+codex-backup") == .free, "another agent's lock is another file")
        held.release()
        #expect(locks.holder(name: "goose+bkt+goose-backup") == .free)
        let again = try locks.acquire(name: "goose+bkt+goose-backup")
        again.release()
    }

    @Test func httpDatesParse() {
        #expect(S3Client.httpDate("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(S3Client.httpDate("Mon, 09 Feb 2026 10:04:05 GMT") == Date(timeIntervalSince1970: 1_770_631_445))
        #expect(S3Client.httpDate("yesterday") == nil)
    }
}
