import AgentBackup
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// `doctor`'s checks, each with its ok / warning / problem and fix, over fakes.
@Suite("doctor's checks")
struct DoctorTests {
    func statuses(_ report: DoctorReport) -> [String: DoctorFinding.Status] {
        Dictionary(report.checks.map { ($0.check, $0.status) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func aHealthySetupIsAllOkButTheService() async throws {
        let rig = try DoctorRig()
        try rig.writeConfig(#"{"keyId": "004a1b2c3d4e5f60000000001", "applicationKey": "K004secret", "bucket": "bkt", "encryptionKey": "pw", "endpoint": "https://s3.example.test"}"#)
        rig.environment = ["HOME": rig.home.path]
        try rig.home.write(Array("x: 1\n".utf8), to: ".config/goose/config.yaml")
        let report = await rig.examine()
        #expect(report.checks.map(\.check) == [
            "config", "credentials", "encryption", "endpoint", "clock", "bucket read", "bucket write", "passphrase", "folders", "lock", "service",
        ])
        #expect(report.checks.filter { $0.status != .ok }.map(\.check) == ["service"], "\(report.text)")
        #expect(report.problems == 0)
        #expect(report.finding("config")?.message == "\(rig.home.path)/.config/goose-b2-backup/config.json, private (mode 600)")
        #expect(report.finding("credentials")?.message == "keyId 004a1b…001 and an application key, bucket bkt", "the key id shortened")
        #expect(report.finding("passphrase")?.message == "the passphrase opens the newest snapshot, 2026-02-09T10-04-05-123Z (3 files)")
        #expect(report.finding("folders")?.message == "config: \(rig.home.path)/.config/goose")
        #expect(report.finding("service")?.fix == "agent-backup install --agent goose")
        #expect(rig.memory.keys.isEmpty, "the test object was deleted")
        #expect(rig.memory.callCount(.put) == 1 && rig.memory.callCount(.delete) == 1)
        #expect(!report.text.contains("K004secret"), "no secret is ever printed")
    }

    @Test(arguments: [(59.0, DoctorFinding.Status.ok), (-90, .warning), (299, .warning), (300, .problem), (-3600, .problem)])
    func theClockIsComparedWithTheStores(skew: Double, status: DoctorFinding.Status) async throws {
        let rig = try DoctorRig()
        rig.clock.set(FakeClock.specExampleDate.addingTimeInterval(skew))
        let finding = try #require(await rig.examine().finding("clock"))
        #expect(finding.status == status, "\(finding)")
        if skew == -3600 {
            #expect(finding.message.hasPrefix("this machine's clock is 1h 0m behind the store's: signed requests are refused"))
            #expect(finding.fix?.contains("timedatectl set-ntp true") == true)
        }
    }

    @Test func aStoreWithoutADateIsAWarning() async throws {
        let rig = try DoctorRig()
        rig.serverDate = nil
        #expect(await rig.examine().finding("clock")?.status == .warning)
    }

    @Test func anUnreachableEndpointSkipsWhatNeedsIt() async throws {
        let rig = try DoctorRig()
        rig.unreachable = StoreError(.transient, operation: "HEAD", message: "connection refused")
        let report = await rig.examine()
        #expect(report.finding("endpoint")?.status == .problem)
        #expect(report.finding("endpoint")?.message.hasPrefix("cannot reach https://s3.example.test: HEAD failed: connection refused") == true)
        for check in ["clock", "bucket read", "bucket write", "passphrase"] {
            #expect(report.finding(check)?.status == .skipped, "\(check)")
            #expect(report.finding(check)?.message == "not checked: the endpoint cannot be reached")
        }
        #expect(report.finding("lock")?.status == .ok, "local checks still run")
    }

    @Test(arguments: [
        (StoreError(.credentialsRejected, operation: "LIST", httpStatus: 403, serverCode: "SignatureDoesNotMatch", message: "credentials rejected"), "correct keyId and applicationKey"),
        (StoreError(.notFound, operation: "LIST", httpStatus: 404, serverCode: "NoSuchBucket", message: "no such bucket"), "create bucket bkt, or correct bucket and region"),
        (StoreError(.accessDenied, operation: "LIST", httpStatus: 403, message: "denied"), "give the key read, write and delete access to bucket bkt"),
    ])
    func aBucketThatCannotBeReadSaysWhy(error: StoreError, fix: String) async throws {
        let rig = try DoctorRig()
        rig.memory.failAlways(.list, with: error)
        let report = await rig.examine()
        let read = try #require(report.finding("bucket read"))
        #expect(read.status == .problem)
        #expect(read.fix?.hasPrefix(fix) == true, "\(read)")
        #expect(report.finding("bucket write")?.status == .skipped)
        #expect(report.finding("passphrase")?.status == .skipped)
    }

    @Test func aKeyThatCannotDeleteIsAProblemNamingTheLeftover() async throws {
        let rig = try DoctorRig()
        rig.memory.failAlways(.delete, with: StoreError(.accessDenied, operation: "DELETE", httpStatus: 403, message: "denied"))
        let write = try #require(await rig.examine().finding("bucket write"))
        #expect(write.status == .problem)
        #expect(write.message.hasPrefix("wrote goose-backup/agent-backup-doctor-"))
        #expect(write.fix?.contains("deleteFiles") == true)
    }

    @Test func aWrongPassphraseIsAProblemWithTheFix() async throws {
        let rig = try DoctorRig()
        rig.snapshotError = EngineError(.integrity, "Opening the manifest goose/2026-02-09T10-04-05-123Z/manifest.json: authentication failed")
        let finding = try #require(await rig.examine().finding("passphrase"))
        #expect(finding.status == .problem)
        #expect(finding.message.hasPrefix("the passphrase does not open the newest snapshot: Opening the manifest goose/2026-02-09T10-04-05-123Z/"), "\(finding)")
        #expect(finding.fix?.hasPrefix("set encryptionKey in") == true)
    }

    @Test func noSnapshotYetIsAWarningAndMissingFoldersThenAProblem() async throws {
        let rig = try DoctorRig()
        rig.newest = nil
        let report = await rig.examine()
        #expect(report.finding("passphrase")?.status == .warning)
        #expect(report.finding("passphrase")?.fix == "agent-backup push --agent goose")
        let folders = try #require(report.finding("folders"))
        #expect(folders.status == .problem)
        #expect(folders.message.contains("config: \(rig.home.path)/.config/goose (folder, not found)"))
        #expect(folders.fix?.hasPrefix("set GOOSE_PATH_ROOT or XDG_CONFIG_HOME") == true)
    }

    @Test func missingFoldersWithASnapshotAreANewMachine() async throws {
        let rig = try DoctorRig()
        let folders = try #require(await rig.examine().finding("folders"))
        #expect(folders.status == .warning)
        #expect(folders.fix == "agent-backup restore --agent goose puts them at goose's places")
    }

    @Test(arguments: [(mode_t(0o644), #"{"applicationKey": "K004", "keyId": "k", "bucket": "b", "encryptionKey": "pw"}"#, DoctorFinding.Status.problem),
                      (mode_t(0o640), #"{"bucket": "b"}"#, .warning)])
    func aConfigFileOthersCanReadIsFlagged(mode: mode_t, text: String, status: DoctorFinding.Status) async throws {
        let rig = try DoctorRig()
        try rig.writeConfig(text, mode: mode)
        let config = try #require(await rig.examine().finding("config"))
        #expect(config.status == status)
        #expect(config.fix == "chmod 600 \(rig.home.path)/.config/goose-b2-backup/config.json")
    }

    @Test func aMalformedConfigSkipsTheStore() async throws {
        let rig = try DoctorRig()
        try rig.writeConfig("{\"bucket\": ")
        let report = await rig.examine()
        #expect(report.finding("config")?.status == .problem)
        #expect(report.finding("config")?.message.contains("is not valid JSON: line 1") == true)
        #expect(report.finding("endpoint")?.status == .skipped)
        #expect(report.finding("lock")?.status == .skipped)
        #expect(report.finding("folders") != nil)
    }

    @Test func missingCredentialsAreAProblemNamingThem() async throws {
        let rig = try DoctorRig()
        rig.environment = ["HOME": rig.home.path, "B2_BUCKET": "bkt"]
        let credentials = try #require(await rig.examine().finding("credentials"))
        #expect(credentials.status == .problem)
        #expect(credentials.message.contains("missing: keyId (B2_KEY_ID), applicationKey (B2_APPLICATION_KEY)"))
    }

    @Test func nothingConfiguredIsTheLocalStoreAndSaysSo() async throws {
        let rig = try DoctorRig()
        rig.environment = ["HOME": rig.home.path]
        rig.hasClock = false
        let report = await rig.examine()
        #expect(report.finding("credentials")?.status == .warning)
        #expect(report.finding("credentials")?.message.contains("NOT off-site") == true)
        #expect(report.finding("encryption")?.status == .warning)
        #expect(report.finding("clock")?.status == .ok)
        #expect(report.problems == 0)
    }

    @Test func theLockHolderIsNamed() async throws {
        let rig = try DoctorRig()
        rig.lockHolder = .held(pid: 4242)
        let lock = try #require(await rig.examine().finding("lock"))
        #expect(lock.status == .ok)
        #expect(lock.message == "held by pid 4242: agent-backup daemon --agent goose (a push, restore, prune or the daemon is running)")
    }

    @Test func anInstalledServiceIsCheckedForItsProgramAndBeingEnabled() async throws {
        let rig = try DoctorRig()
        let program = try rig.home.write([], to: "bin/agent-backup")
        let unit = ServiceUnit.make(agentID: "goose", programArguments: [program, "daemon", "--agent", "goose"], home: rig.home.path, platform: .linux)
        try rig.home.write(Array(unit.contents.utf8), to: ".config/systemd/user/\(unit.label).service")
        var service = try #require(await rig.examine().finding("service"))
        #expect(service.status == .warning)
        #expect(service.fix == unit.activationCommand)
        try FileManager.default.createDirectory(atPath: rig.home.path(".config/systemd/user/default.target.wants"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: rig.home.path(".config/systemd/user/default.target.wants/\(unit.label).service"), withDestinationPath: unit.path)
        service = try #require(await rig.examine().finding("service"))
        #expect(service.status == .ok)
        #expect(service.message == "installed and enabled (\(unit.path))")
        try FileManager.default.removeItem(atPath: program)
        service = try #require(await rig.examine().finding("service"))
        #expect(service.status == .problem)
        #expect(service.message == "\(unit.path) runs \(program), which does not exist")
    }

    @Test func claudeCodesHooksCountAsTheWayItPushes() async throws {
        let rig = try DoctorRig()
        let settings = try rig.home.write(Array(#"{"hooks": {"SessionEnd": [{"hooks": [{"type": "command", "command": "/x/agent-backup push --agent claude-code --debounce 0s"}]}]}}"#.utf8), to: ".claude/settings.json")
        let service = try #require(await rig.examine(.claudeCode).finding("service"))
        #expect(service.status == .ok)
        #expect(service.message == "no service; Claude Code's hooks push (\(settings))")
    }

    @Test func theTextHasOneLinePerCheckWithItsFix() async throws {
        let rig = try DoctorRig()
        rig.memory.failAlways(.list, with: StoreError(.notFound, operation: "LIST", httpStatus: 404, serverCode: "NoSuchBucket", message: "no such bucket"))
        try rig.home.write(Array("x: 1\n".utf8), to: ".config/goose/config.yaml")
        let text = await rig.examine().text
        let lines = text.split(separator: "\n")
        #expect(lines.first == "goose:")
        #expect(lines.count == 1 + 11 + 1)
        #expect(lines.contains { $0.hasPrefix("  problem  bucket read   cannot list bkt/goose-backup/: LIST goose-backup/ failed (HTTP 404 NoSuchBucket): no such bucket — fix: create bucket bkt") })
        #expect(lines.contains("  skipped  bucket write  not checked: the bucket cannot be read"))
        #expect(lines.last?.hasSuffix("1 problem") == true)
    }
}
