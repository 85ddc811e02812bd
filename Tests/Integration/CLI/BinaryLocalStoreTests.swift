import Foundation
import Testing

/// The built binary with nothing configured: the local store, loudly not off-site.
@Suite("agent-backup binary with the local store")
struct BinaryLocalStoreTests {
    @Test func zeroConfigurationBacksUpLocallyAndSaysSo() throws {
        let binary = try BuiltBinary()
        try binary.home.write(Array("GOOSE_MODEL: m\n".utf8), to: ".config/goose/config.yaml")
        let push = try binary.run(["push", "--agent", "goose"])
        #expect(push.exitCode == 0, "\(push)")
        #expect(push.standardError.contains("agent-backup: warning: NOT OFF-SITE: no bucket is configured, so backups go to \(binary.home.path)/.agent-backup/store"))
        #expect(push.standardOutput.hasPrefix("pushed "))
        let snapshots = try binary.run(["snapshots", "--agent", "goose", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(snapshots.standardOutput.utf8)) as? [String: Any]
        #expect((object?["snapshots"] as? [[String: Any]])?.count == 1, "\(snapshots)")
    }

    @Test func aFileEndpointWithAPassphraseRestoresIntoATarget() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        try binary.home.write(Array("notes\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(try String(contentsOfFile: "\(target)/config/memory/a.txt", encoding: .utf8) == "notes\n")
        let verify = try binary.run(["verify", "--agent", "goose"])
        #expect(verify.exitCode == 0, "\(verify)")
    }
}
