import AgentBackup
import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

/// `doctor` against the real S3 server (SeaweedFS): a healthy setup, a wrong key, a missing
/// bucket, a skewed clock (a fake clock: requests are still signed with the real time, so only
/// the comparison sees the skew) and a wrong passphrase. The live ports, in process.
@Suite("doctor against SeaweedFS")
struct DoctorS3Tests {
    /// A goose home pushed once to the test server with passphrase `right`.
    static func pushedHome(_ name: String) throws -> S3BackedBinary {
        let s3 = try S3BackedBinary("doctor-\(name)", passphrase: "right")
        try s3.writeGooseState()
        let push = try s3.binary.run(["push", "--agent", "goose"])
        guard push.exitCode == 0 else { throw BuiltBinaryError("the setup push failed: \(push)") }
        return s3
    }

    func examine(_ s3: S3BackedBinary, _ overrides: [String: String] = [:], clock: FakeClock = FakeClock(now: Date())) async -> DoctorReport {
        let environment = s3.binary.environment.merging(overrides) { _, new in new }
        let dependencies = DoctorDependencies.live(environment: environment, fileSystem: PosixFileSystem(), clock: clock, workingDirectory: s3.binary.home.path)
        return await Doctor(dependencies: dependencies).examine(agentID: "goose", adapter: .goose)
    }

    @Test func aHealthySetupHasNoProblem() async throws {
        let s3 = try Self.pushedHome("healthy")
        let report = await examine(s3)
        #expect(report.problems == 0, "\(report.text)")
        for check in ["credentials", "encryption", "endpoint", "clock", "bucket read", "bucket write", "passphrase", "folders", "lock"] {
            #expect(report.finding(check)?.status == .ok, "\(check): \(report.text)")
        }
        #expect(report.finding("passphrase")?.message.hasPrefix("the passphrase opens the newest snapshot, ") == true)
        #expect(report.finding("passphrase")?.message.hasSuffix("(4 files)") == true, "\(report.text)")
        let client = try S3TestServer.client()
        let keys = try await client.listAll(prefix: s3.prefix + "/").objects.map(\.key)
        try await client.close()
        #expect(!keys.isEmpty && !keys.contains { $0.contains("agent-backup-doctor-") }, "the test object is deleted: \(keys)")
    }

    @Test func aWrongKeyIsAProblemAtTheFirstSignedRequest() async throws {
        let s3 = try Self.pushedHome("wrong-key")
        let report = await examine(s3, ["B2_APPLICATION_KEY": "not-the-secret"])
        let read = try #require(report.finding("bucket read"))
        #expect(read.status == .problem, "\(report.text)")
        #expect(read.message.contains("SignatureDoesNotMatch") || read.message.contains("InvalidAccessKeyId"), "\(read)")
        #expect(read.fix?.hasPrefix("correct keyId and applicationKey") == true)
        #expect(report.finding("endpoint")?.status == .ok, "the endpoint itself answers")
        #expect(report.finding("bucket write")?.status == .skipped)
    }

    @Test func aMissingBucketIsAProblemNamingIt() async throws {
        let s3 = try Self.pushedHome("no-bucket")
        let report = await examine(s3, ["B2_BUCKET": "no-such-bucket-\(UInt32.random(in: 0...UInt32.max))"])
        let read = try #require(report.finding("bucket read"))
        #expect(read.status == .problem, "\(report.text)")
        #expect(read.message.contains("NoSuchBucket"), "\(read)")
        #expect(read.fix?.hasPrefix("create bucket no-such-bucket-") == true)
    }

    @Test func aSkewedClockIsAProblemWhileEverythingElseWorks() async throws {
        let s3 = try Self.pushedHome("clock")
        let report = await examine(s3, clock: FakeClock(now: Date().addingTimeInterval(3600)))
        let clock = try #require(report.finding("clock"))
        #expect(clock.status == .problem, "\(report.text)")
        #expect(clock.message.hasPrefix("this machine's clock is 1h 0m ahead of the store's") || clock.message.hasPrefix("this machine's clock is 59m"), "\(clock)")
        #expect(report.finding("bucket write")?.status == .ok)
        #expect(report.problems == 1)
        let slight = await examine(s3, clock: FakeClock(now: Date().addingTimeInterval(-150)))
        #expect(slight.finding("clock")?.status == .warning, "\(slight.text)")
    }

    @Test func aWrongPassphraseIsAProblemWithTheFix() async throws {
        let s3 = try Self.pushedHome("passphrase")
        let report = await examine(s3, ["B2_ENCRYPTION_KEY": "wrong"])
        let passphrase = try #require(report.finding("passphrase"))
        #expect(passphrase.status == .problem, "\(report.text)")
        #expect(passphrase.message.hasPrefix("the passphrase does not open the newest snapshot: "), "\(passphrase)")
        #expect(passphrase.fix?.contains("to the passphrase these backups were made with") == true)
        #expect(report.problems == 1)
    }

    @Test func theBinaryExitsZeroWhenHealthyAndOneOnAProblem() throws {
        let s3 = try Self.pushedHome("binary")
        let healthy = try s3.binary.run(["doctor", "--agent", "goose"])
        #expect(healthy.exitCode == 0, "\(healthy)")
        #expect(healthy.standardOutput.contains("\n  ok       bucket write  wrote and deleted a test object under"), "\(healthy)")
        s3.binary.environment["B2_BUCKET"] = "no-such-bucket-for-doctor"
        let broken = try s3.binary.run(["doctor", "--agent", "goose", "--json"])
        #expect(broken.exitCode == 1, "\(broken)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(broken.standardOutput.utf8)) as? [String: Any])
        #expect(object["problems"] as? Int == 1)
        let agents = try #require(object["agents"] as? [[String: Any]])
        let checks = try #require(agents.first?["checks"] as? [[String: Any]])
        #expect(checks.first { $0["check"] as? String == "bucket read" }?["status"] as? String == "problem")
        #expect((object["agentBackup"] as? [String: Any])?["version"] as? String != nil)
    }
}
