import AgentBackup
import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Logging
import Testing

/// The CLI's operations over a real engine, an in-memory store and real files.
@Suite("EngineAgentOperations over the engine and an in-memory store")
struct EngineAgentOperationsTests {
    let home: TemporaryDirectory
    let memory = InMemoryObjectStore()
    /// Retries on a fake clock, as the composition root stacks them: meter, retries, store.
    let retries = RetryRecorder()
    let store: MeteredObjectStore
    let logs = CapturedConsole()
    let operations: EngineAgentOperations

    init() throws {
        home = try TemporaryDirectory(prefix: "agent-backup-ops")
        let retrier = retries.retrier
        store = MeteredObjectStore(RetryingStore(memory, retrier: retrier), fileSystem: PosixFileSystem()) {
            (retrier.tallySoFar.retries, retrier.tallySoFar.waitSeconds)
        }
        let adapter = Adapter(
            id: "toy", roots: [.directory("data", ["~/toy"])], include: ["^data/"], exclude: [], sqlite: [], secretExclude: [],
            noRootsHint: "run toy once")
        let fileSystem = PosixFileSystem()
        let logger = ConsoleLogHandler.logger(programName: "agent-backup", console: logs.console, level: .info)
        let configuration = try Configuration.resolve(
            id: "toy", home: home.path, path: Configuration.filePath(id: "toy", home: home.path), file: nil,
            environment: ["HOME": home.path, "B2_ENCRYPTION_KEY": "pw", "B2_KEEP_SNAPSHOTS": "2"])
        let repositories = ReferenceRepositoryOpener(
            store: store, codec: Codecs.encrypting(passphrase: "pw"), hasher: OpenSSLHasher(), fileSystem: fileSystem, prefix: configuration.prefix)
        let engine = BackupEngine(
            repositories: repositories, hasher: OpenSSLHasher(), fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: SQLiteOnlineSnapshotter(), clock: SystemClock(), logger: logger,
            configuration: EngineConfiguration(prefix: configuration.prefix, retention: configuration.retention, cacheDirectory: configuration.cacheDirectory))
        operations = EngineAgentOperations(
            engine: engine, adapter: adapter,
            environment: AdapterEnvironment(variables: ["HOME": home.path], home: home.path, platform: .linux, fileSystem: fileSystem),
            store: store, configuration: configuration, logger: logger, meter: store)
    }

    func json(_ report: OperationReport) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(report.json)) as? [String: Any])
    }

    @Test func noStateFoldersIsAnErrorWithTheAdaptersHint() async throws {
        await #expect(throws: NoStateFoldersError(
            agentID: "toy", hint: "run toy once", searched: ["data: \(home.path("toy")) (folder, not found)"], variables: [])
        ) { try await operations.push() }
        #expect(try await operations.restoreIfEmpty() == nil, "an empty bucket: nothing to restore")
        #expect(!FileManager.default.fileExists(atPath: home.path("toy")), "no folder is created for nothing")
    }

    @Test func pushSnapshotsVerifyAndPrune() async throws {
        try home.write(Array("one".utf8), to: "toy/a.txt")
        let first = try await operations.push()
        #expect(first.text.hasPrefix("pushed "))
        #expect(try json(first)["outcome"] as? String == "pushed")
        let again = try await operations.push()
        #expect(again.text == "no changes since the last push (1 files, 3 B)")
        try home.write(Array("two".utf8), to: "toy/b.txt")
        _ = try await operations.push()
        try home.write(Array("three".utf8), to: "toy/c.txt")
        _ = try await operations.push()  // keepSnapshots 2: the first is pruned
        let listing = try await operations.snapshots(includeSafety: false)
        let snapshots = try #require(try json(listing)["snapshots"] as? [[String: Any]])
        #expect(snapshots.count == 2)
        #expect(snapshots.last?["files"] as? Int == 3)
        #expect(listing.text.split(separator: "\n").count == 2)
        let verify = try await operations.verify(snapshot: nil)
        #expect(verify.text.contains("3 files"))
        let prune = try await operations.prune(PruneRequest(policy: .keepLast(1)))
        #expect(try json(prune)["deletedSnapshots"] as? [String] == [snapshots[0]["id"] as! String])
    }

    @Test func everyJSONSummaryCarriesItsOwnRequests() async throws {
        try home.write(Array(repeating: 1, count: 5000), to: "toy/a.bin")
        let first = try json(try await operations.push())
        let requests = try #require(first["requests"] as? [String: Any])
        #expect(requests["put"] as? Int == 2, "one file and the manifest")
        #expect((requests["bytesUploaded"] as? Int ?? 0) > 5000, "ciphertext of the file plus the manifest")
        let again = try json(try await operations.push())
        let second = try #require(again["requests"] as? [String: Any])
        #expect(second["put"] as? Int == 0, "a no-change push uploads nothing, and counts only its own requests")
        #expect(second["bytesUploaded"] as? Int == 0)
        let verify = try json(try await operations.verify(snapshot: nil))
        let verified = try #require(verify["requests"] as? [String: Any])
        #expect((verified["bytesDownloaded"] as? Int ?? 0) > 5000)
        #expect(verify["files"] as? Int == 1, "the summary's own fields stay beside requests")
    }

    @Test func retriesAreInTheSummaryAndCountedOnce() async throws {
        try home.write(Array(repeating: 1, count: 5000), to: "toy/a.bin")
        memory.failNext(.put, times: 2)
        memory.inject(StoreFault(operation: .put, error: .injected(httpStatus: nil, serverCode: nil, message: "reset"), timing: .afterActing))
        let report = try await operations.push()
        let requests = try #require(try json(report)["requests"] as? [String: Any])
        #expect(requests["put"] as? Int == 2, "one file and the manifest, whatever their attempts")
        #expect(requests["retries"] as? Int == 3)
        #expect((requests["retryWaitSeconds"] as? NSNumber)?.doubleValue == 7, "three retries of the file's put")
        #expect(try json(report)["uploaded"] as? Int == 1)
        #expect(memory.callCount(.put) == 5)
    }

    @Test func restoreIfEmptyRestoresIntoEmptyRootsOnly() async throws {
        try home.write(Array("keep me".utf8), to: "toy/a.txt")
        _ = try await operations.push()
        #expect(try await operations.restoreIfEmpty() == nil, "files exist: nothing restored")
        try FileManager.default.removeItem(atPath: home.path("toy/a.txt"))
        let restored = try await operations.restoreIfEmpty()
        #expect(restored?.text.hasPrefix("restored ") == true)
        #expect(try String(contentsOfFile: home.path("toy/a.txt"), encoding: .utf8) == "keep me")
    }

    @Test func restoreOntoANewMachineCreatesTheMissingRootPrivately() async throws {
        try home.write(Array("from the old machine".utf8), to: "toy/notes/a.txt")
        _ = try await operations.push()
        try FileManager.default.removeItem(atPath: home.path("toy"))
        await #expect(throws: NoStateFoldersError.self) { try await operations.push() }

        let restore = try await operations.restore(RestoreRequest())
        #expect(restore.text.hasPrefix("restored "), "\(restore.text)")
        #expect(try json(restore)["safetySnapshot"] == nil, "nothing existed here to save first")
        #expect(try String(contentsOfFile: home.path("toy/notes/a.txt"), encoding: .utf8) == "from the old machine")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: home.path("toy"))[.posixPermissions] as? Int)
        #expect(mode == 0o700)
        #expect(logs.standardError.contains("data: \(home.path("toy")) does not exist yet; files the snapshot has for it are restored there"))
        #expect(try await operations.push().text.hasPrefix("no changes since the last push"), "the restored tree is the snapshot")
    }

    @Test func autoRestoreOnANewMachineFillsTheDefaultFolders() async throws {
        try home.write(Array("from the old machine".utf8), to: "toy/notes/a.txt")
        _ = try await operations.push()
        try FileManager.default.removeItem(atPath: home.path("toy"))
        let restored = try #require(try await operations.restoreIfEmpty())
        #expect(restored.text.hasPrefix("restored "), "\(restored.text)")
        #expect(try String(contentsOfFile: home.path("toy/notes/a.txt"), encoding: .utf8) == "from the old machine")
        #expect(try await operations.restoreIfEmpty() == nil, "files exist now: the daemon never restores over them")
    }

    @Test func namedSafetySnapshotsAreRemovedAndUnknownOnesRefused() async throws {
        try home.write(Array("v1".utf8), to: "toy/a.txt")
        _ = try await operations.push()
        try home.write(Array("v2".utf8), to: "toy/a.txt")
        let restore = try await operations.restore(RestoreRequest())  // pushes a safety snapshot of v2
        let safety = try #require(try json(restore)["safetySnapshot"] as? String)
        let folder = String(safety.split(separator: "/")[0])
        #expect(SafetyPrefix.isSafety(folder))
        await #expect(throws: EngineError.self) { try await operations.prune(PruneRequest(removeSafety: .named(["safety-1999-01-01T00-00-00Z"]))) }
        let pruned = try await operations.prune(PruneRequest(removeSafety: .named([folder])))
        #expect(try json(pruned)["deletedSafety"] as? [String] == [folder])
        #expect(try await store.listAll(prefix: "toy-backup/\(folder)/").objects.isEmpty)
    }

    @Test func engineErrorsCarryTheirExitCodes() {
        #expect(CliExitCode(for: EngineError(.failed, "")) == .failed)
        #expect(CliExitCode(for: EngineError(.integrity, "")) == .integrity)
        #expect(CliExitCode(for: EngineError(.configuration, "")) == .usage)
        #expect(CliExitCode(for: StoreAccessError(StoreError(.credentialsRejected, operation: "LIST", message: ""))) == .usage)
        #expect(CliExitCode(for: StoreAccessError(StoreError(.accessDenied, operation: "LIST", message: ""))) == .usage)
        #expect(CliExitCode(for: StoreAccessError(StoreError(.notFound, operation: "LIST", message: ""))) == .usage)
        #expect(CliExitCode(for: StoreAccessError(StoreError(.transient, operation: "LIST", message: ""))) == .failed)
        #expect(CliExitCode(for: AdapterError(.unknownAdapter, "")) == .usage)
        #expect(CliExitCode(for: AdapterError(.discovery, "")) == .failed)
    }
}
