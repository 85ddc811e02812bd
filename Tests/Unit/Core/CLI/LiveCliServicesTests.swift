import AgentBackup
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

@Suite("The binary's real services: adapters, lock, schedule, agents")
struct LiveCliServicesTests {
    @Test func builtInAndFileAdaptersResolve() throws {
        let dir = try TemporaryDirectory()
        let services = LiveCliServices(environment: ["HOME": dir.path])
        let goose = try services.resolveAgent(.builtIn(id: "goose"), environment: ["HOME": dir.path])
        #expect(goose.id == "goose")
        #expect(goose.adapter.id == "goose")
        let file = try dir.write(Array(#"{"id": "mine", "roots": [{"label": "data", "dir": "~/mine"}], "include": [".*"]}"#.utf8), to: "mine.json")
        let mine = try services.resolveAgent(.adapterFile(path: file), environment: ["HOME": dir.path])
        #expect(mine.id == "mine")
        #expect(mine.adapter.roots.count == 1)
    }

    @Test func anUnknownAdapterIsAUsageError() throws {
        let services = LiveCliServices(environment: [:])
        do {
            _ = try services.resolveAgent(.builtIn(id: "nope"), environment: [:])
            Issue.record("an unknown id must throw")
        } catch {
            #expect(CliExitCode(for: error) == .usage)
            #expect("\(error)".contains("no built-in adapter \"nope\""))
        }
    }

    @Test func theLockIsExclusiveUntilReleased() throws {
        let dir = try TemporaryDirectory()
        let services = LiveCliServices(environment: ["HOME": dir.path])
        let name = InstanceLockName.make(agentID: "goose", bucket: "b", prefix: "goose-backup")
        let held = try services.acquireLock(name: name, environment: ["HOME": dir.path])
        #expect(throws: LockError.self) { try services.acquireLock(name: name, environment: ["HOME": dir.path]) }
        held.release()
        try services.acquireLock(name: name, environment: ["HOME": dir.path]).release()
        #expect(FileManager.default.fileExists(atPath: dir.path(".agent-backup/locks")))
    }

    @Test func theScheduleComesFromTheSetting() throws {
        let services = LiveCliServices(environment: [:])
        let schedule = try services.makeSchedule(ScheduleSetting(parsing: "@every 5m", source: "B2_SCHEDULE"))
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(schedule.nextFire(after: now) == now.addingTimeInterval(300))
    }

    @Test func agentsListsEveryBuiltInWithTheRootsFoundHere() throws {
        let dir = try TemporaryDirectory()
        try dir.write(Array("x".utf8), to: ".config/goose/config.yaml")
        let services = LiveCliServices(environment: ["HOME": dir.path])
        let report = try services.agentsReport(environment: ["HOME": dir.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        #expect(agents.compactMap { $0["id"] as? String } == AdapterCatalog.builtIn.map(\.id))
        let goose = try #require(agents.first { $0["id"] as? String == "goose" })
        let found = try #require(goose["rootsFound"] as? [[String: String]])
        #expect(found.contains { $0["dir"] == "\(dir.path)/.config/goose" && $0["kind"] == "directory" })
        #expect(goose["include"] != nil)
        #expect(report.text.split(separator: "\n").count == AdapterCatalog.builtIn.count)
        #expect(report.text.contains("\(dir.path)/.config/goose"))
        #expect(report.text.contains("(nothing here)"))
    }
}

@Suite("The live services with the local directory store")
struct LiveLocalStoreTests {
    @Test func theZeroConfigurationStorePushesIntoAPrivateFolder() async throws {
        let dir = try TemporaryDirectory()
        try dir.write(Array("GOOSE_MODEL: m\n".utf8), to: ".config/goose/config.yaml")
        let environment = ["HOME": dir.path]
        let services = LiveCliServices(environment: environment)
        let agent = try services.resolveAgent(.builtIn(id: "goose"), environment: environment)
        let configuration = try Configuration.load(id: "goose", environment: environment, fileSystem: services.fileSystem)
        let logs = CapturedConsole()
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let report = try await services.withOperations(agent: agent, configuration: configuration, logger: logger, progress: SilentProgress()) {
            try await $0.push()
        }
        #expect(report.text.hasPrefix("pushed "))
        let store = dir.path(".agent-backup/store")
        let status = try #require(try services.fileSystem.status(store))
        #expect(status.mode & 0o777 == 0o700)
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: "\(store)/agent-backup/goose-backup")
        #expect(snapshots.count == 1)
    }
}
