import AgentBackupInfrastructure
import Foundation
import Testing

/// Names are bytes (issue #14), through the built binary on Linux: `café.md` precomposed and
/// decomposed and `한글.txt` as syllables and as jamo are four files, backed up and restored as four,
/// and a bucket the reference engine wrote from such a folder lists, restores and verifies.
@Suite("agent-backup binary with names Unicode calls equal")
struct BinaryNameTwinTests {
    static let names = ["caf\u{E9}.md", "cafe\u{301}.md", "\u{D55C}\u{AE00}.txt", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}.txt"]
    let posix = PosixFileSystem()

    func content(_ name: String) -> [UInt8] { Array("bytes of \(name.unicodeScalars.map { String($0.value, radix: 16) })\n".utf8) }

    func writeTwins(in folder: String) throws {
        try posix.createDirectory(folder, mode: 0o755)
        for name in Self.names { try posix.writeFileAtomically(folder + "/" + name, contents: content(name), mode: 0o644) }
    }

    func expectTwins(in folder: String, _ context: String) throws {
        let listed = Set(try posix.listing(ofDirectory: folder).names.map { Array($0.utf8) })
        #expect(listed == Set(Self.names.map { Array($0.utf8) }), "\(context): \(listed.count) names")
        for name in Self.names { #expect(try posix.readFile(folder + "/" + name) == content(name), "\(context): \(name.unicodeScalars.map(\.value))") }
    }

    func binary() throws -> BuiltBinary {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_BUCKET"] = "twins"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        return binary
    }

    @Test func fourNamesAreFourFilesFromPushToRestore() throws {
        let binary = try binary()
        try writeTwins(in: binary.home.path(".config/goose/memory"))
        let push = try binary.run(["push", "--agent", "goose", "--json"])
        #expect(push.exitCode == 0, "\(push)")
        let summary = try JSONSerialization.jsonObject(with: Data(push.standardOutput.utf8)) as? [String: Any]
        #expect(summary?["files"] as? Int == 4, "\(push.standardOutput)")
        #expect(summary?["filesRead"] as? Int == 4)
        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        try expectTwins(in: target + "/config/memory", "restored into --target")
        #expect(try binary.run(["verify", "--agent", "goose"]).exitCode == 0)
    }

    @Test func aReferenceBucketWithTwinsListsRestoresAndVerifies() throws {
        let binary = try binary()
        let source = binary.home.path("reference-tree")
        try writeTwins(in: source + "/memory")
        let root = try CryptoChildProcess.repositoryRoot()
        var environment = ProcessInfo.processInfo.environment
        environment["PW"] = "pw"
        let written = try CryptoChildProcess.run(try CryptoChildProcess.python(), [
            root.appendingPathComponent("scripts/reference-writer.py").path, "--local", binary.home.path("backups"),
            "--bucket", "twins", "--prefix", "goose-backup", "--timestamp", "2026-01-02T03:04:05.678Z",
            "--passphrase-env", "PW", "config=\(source)",
        ], environment: environment)
        #expect(written.status == 0, "\(written.stderr)")
        let snapshots = try binary.run(["snapshots", "--agent", "goose", "--json"])
        #expect(snapshots.exitCode == 0, "\(snapshots)")
        #expect(snapshots.standardOutput.contains("2026-01-02T03-04-05-678Z"))
        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        try expectTwins(in: target + "/config/memory", "restored from the reference bucket")
        let verify = try binary.run(["verify", "--agent", "goose"])
        #expect(verify.exitCode == 0, "\(verify)")
    }

    @Test func aNameThatIsNotUTF8IsNamedAndTheRunFailsButEverythingElseIsSaved() throws {
        let binary = try binary()
        let folder = binary.home.path(".config/goose/memory")
        try writeTwins(in: folder)
        // `caf\xE9.md`: Latin-1 bytes, a valid Linux name that no UTF-8 manifest can hold.
        let bad = Array((folder + "/caf").utf8) + [0xE9] + Array(".md".utf8) + [0]
        let fd = bad.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let push = try binary.run(["push", "--agent", "goose"])
        #expect(push.exitCode == 1, "\(push)")
        #expect(push.standardError.contains("caf\\xe9.md") || push.standardError.contains("caf\\xE9.md"), "\(push.standardError)")
        #expect(push.standardError.contains("NOT backed up"))
        let target = binary.home.path("out")
        #expect(try binary.run(["restore", "--agent", "goose", "--target", target]).exitCode == 0)
        try expectTwins(in: target + "/config/memory", "the other files were saved")
    }
}
