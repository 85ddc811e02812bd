import AgentBackupInfrastructure
import Foundation
import Testing

/// The built binary backing up a fake Claude Code home to S3 with encryption on: what lands in
/// the bucket, opened by an independent decoder, holds no secret; restoring keeps a machine's
/// own keys and tells a new machine which ones to re-enter.
@Suite("agent-backup binary: Claude Code secrets never reach the bucket", .serialized)
struct BinaryRedactionEndToEndTests {
    let passphrase = "claude secrets stay home"

    @Test func secretsStayOutOfEveryObjectAndRestoreKeepsOrAsksForKeys() async throws {
        let env = try S3BackedBinary("claude-secrets", passphrase: passphrase)
        let binary = env.binary
        try ClaudeCodeFakeHome.write(into: binary.home.path)

        let push = try binary.run(["push", "--agent", "claude-code", "--json"])
        #expect(push.exitCode == 0, "\(push)")
        let pushed = try JSONSerialization.jsonObject(with: Data(push.standardOutput.utf8)) as? [String: Any]
        #expect(pushed?["files"] as? Int == ClaudeCodeFakeHome.plain.count + 2, "plain files + settings.json + .claude.json: \(push)")

        // Same machine, key still there, another field changed since: the snapshot's fields
        // come back, the local secrets stay.
        let claudeJSON = binary.home.path(".claude.json")
        try Data(ClaudeCodeFakeHome.claudeJSON.replacingOccurrences(of: "\"numStartups\": 5", with: "\"numStartups\": 42").utf8)
            .write(to: URL(fileURLWithPath: claudeJSON))
        let sameMachine = try binary.run(["restore", "--agent", "claude-code"])
        #expect(sameMachine.exitCode == 0, "\(sameMachine)")
        #expect(!sameMachine.standardOutput.contains("re-enter"), "\(sameMachine)")
        #expect(sameMachine.standardOutput.contains("safety snapshot of the previous state: "), "\(sameMachine)")
        let kept = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: claudeJSON))) as? [String: Any]
        #expect(kept?["primaryApiKey"] as? String == ClaudeCodeFakeHome.primaryApiKey)
        #expect(kept?["numStartups"] as? Int == 5, "the snapshot's value of a non-secret field")
        #expect(try String(contentsOfFile: claudeJSON, encoding: .utf8) == ClaudeCodeFakeHome.claudeJSON,
                "every local secret put back byte for byte")

        // A machine without ~/.claude.json (nor ~/.claude): placeholders, and the keys named.
        let newMachine = binary.home.path("new-machine")
        try FileManager.default.createDirectory(atPath: newMachine, withIntermediateDirectories: true)
        binary.environment["HOME"] = newMachine
        let fresh = try binary.run(["restore", "--agent", "claude-code"])
        #expect(fresh.exitCode == 0, "\(fresh)")
        let placeholder = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: newMachine + "/.claude.json"))) as? [String: Any]
        #expect(placeholder?["primaryApiKey"] as? String == "<redacted by agent-backup>")
        #expect(placeholder?["userID"] as? String == "user-id-NOT-SECRET-0042")
        #expect(fresh.standardOutput.contains("the restored files hold \"<redacted by agent-backup>\" in their place"), "\(fresh)")
        #expect(fresh.standardOutput.contains(
            "re-enter in \(newMachine)/.claude.json (claudejson/.claude.json): primaryApiKey, mcpServers.linear.headers.Authorization, "
            + #"mcpServers.postgres.env.PGPASSWORD, projects["/home/me/proj"].mcpServers.local.env.LOCAL_API_KEY"#), "\(fresh)")
        #expect(fresh.standardOutput.contains("re-enter in \(newMachine)/.claude/settings.json (home/settings.json): "
            + "env.ANTHROPIC_API_KEY, mcpServers.github.env.GITHUB_TOKEN, mcpServers.github.headers.Authorization"), "\(fresh)")
        for (relative, text) in ClaudeCodeFakeHome.plain {
            #expect(try String(contentsOfFile: "\(newMachine)/\(relative)", encoding: .utf8) == text, "\(relative)")
        }
        for relative in ClaudeCodeFakeHome.secretExcluded.keys {
            #expect(!FileManager.default.fileExists(atPath: "\(newMachine)/\(relative)"), "\(relative) was never backed up")
        }

        // Every object in the bucket — both snapshots' files, manifests and the safety snapshot
        // — opened independently and searched.
        let bucket = try await withS3Client { try await DecryptedBucket.open($0, prefix: env.prefix, passphrase: passphrase) }
        #expect(bucket.objects.count >= 2 * (ClaudeCodeFakeHome.plain.count + 2) + 1, "\(bucket.objects.keys.sorted())")
        #expect(!bucket.objects.keys.contains { $0.contains(".credentials.json") || $0.contains("/backups/") }, "\(bucket.objects.keys.sorted())")
        for secret in ClaudeCodeFakeHome.redactedValues {
            #expect(bucket.keys(containing: secret).isEmpty, "\(secret) is in the bucket")
        }
        for (relative, text) in ClaudeCodeFakeHome.secretExcluded {
            #expect(bucket.keys(containing: text).isEmpty, "\(relative) is in the bucket")
            for token in ["sk-ant-oat01-CREDENTIALS-ACCESS-1a2b", "sk-ant-ort01-CREDENTIALS-REFRESH-3c4d", "sk-ant-api03-IN-A-BACKUP-5e6f"] {
                #expect(bucket.keys(containing: token).isEmpty, "\(token) from \(relative) is in the bucket")
            }
        }
        for marker in ClaudeCodeFakeHome.nonSecretMarkers {
            #expect(!bucket.keys(containing: marker).isEmpty, "\(marker) should have been backed up")
        }
        #expect(bucket.keys(containing: "<redacted by agent-backup>").count >= 4, "both redacted files, in both snapshots")
    }
}
