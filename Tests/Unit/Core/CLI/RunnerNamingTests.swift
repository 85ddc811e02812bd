import AgentBackup
import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

@Suite("Lock names and the program's path")
struct RunnerNamingTests {
    @Test func lockNamesAreFileSafeAndDistinct() {
        #expect(InstanceLockName.make(agentID: "goose", bucket: "my-bucket", prefix: "goose-backup") == "goose+my-bucket+goose-backup")
        #expect(InstanceLockName.make(agentID: "goose", bucket: "b", prefix: "team/goose backup") == "goose+b+team%2Fgoose%20backup")
        #expect(InstanceLockName.make(agentID: "a+b", bucket: "c", prefix: "d") != InstanceLockName.make(agentID: "a", bucket: "b+c", prefix: "d"))
        #expect(InstanceLockName.make(agentID: "..", bucket: ".b", prefix: "p.q") == "%2E.+%2Eb+p.q")
    }

    @Test func executablePaths() throws {
        let dir = try TemporaryDirectory()
        let tool = try dir.write([0x23, 0x21], to: "bin/agent-backup")
        chmod(tool, 0o755)
        let fs = PosixFileSystem()
        #expect(ExecutableLocator.absolutePath(argv0: "/usr/bin/x", environment: [:], currentDirectory: "/w", fileSystem: fs) == "/usr/bin/x")
        #expect(ExecutableLocator.absolutePath(argv0: "./.build/../bin/agent-backup", environment: [:], currentDirectory: "/w/p", fileSystem: fs) == "/w/p/bin/agent-backup")
        #expect(ExecutableLocator.absolutePath(argv0: "agent-backup", environment: ["PATH": "/nowhere:\(dir.path)/bin"], currentDirectory: "/w", fileSystem: fs) == "\(dir.path)/bin/agent-backup")
        #expect(ExecutableLocator.absolutePath(argv0: "agent-backup", environment: ["PATH": "relative/bin"], currentDirectory: "/w", fileSystem: fs) == nil)
    }
}
