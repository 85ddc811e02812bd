import Foundation
import Testing

/// Restoring onto a new machine: the agent has never run there, so none of its folders exist.
/// The restore creates them at the agent's default places and the files come back byte for byte.
@Suite("agent-backup binary: restore onto a new machine")
struct BinaryFreshMachineTests {
    /// Claude Code files without redacted values, so every byte must come back as it was.
    static let files: [String: [UInt8]] = [
        ".claude.json": Array(#"{"numStartups": 3, "theme": "dark"}"#.utf8),
        ".claude/settings.json": Array(#"{"model": "opus"}"#.utf8),
        ".claude/projects/-home-me-proj/0b5e.jsonl": Array("{\"type\":\"user\"}\n".utf8),
        ".claude/agents/reviewer.md": Array("review carefully\n".utf8),
        ".claude/binary.bin": (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) },
    ]

    @Test func pushFromOneHomeRestoreIntoAnEmptyHomeGivesIdenticalFiles() throws {
        let binary = try BuiltBinary()
        let store = binary.home.path("store")
        binary.environment["B2_ENDPOINT"] = "file://\(store)"
        binary.environment["B2_ENCRYPTION_KEY"] = "new machine"
        let oldMachine = binary.home.path("old")
        let newMachine = binary.home.path("new")
        for (relative, bytes) in Self.files {
            let path = "\(oldMachine)/\(relative)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        binary.environment["HOME"] = oldMachine
        let push = try binary.run(["push", "--agent", "claude-code"])
        #expect(push.exitCode == 0, "\(push)")

        try FileManager.default.createDirectory(atPath: newMachine, withIntermediateDirectories: true)
        binary.environment["HOME"] = newMachine
        let pushHere = try binary.run(["push", "--agent", "claude-code"])
        #expect(pushHere.exitCode == 1, "push still needs the agent's folders: \(pushHere)")
        #expect(pushHere.standardError.contains("no state folders of claude-code were found on this machine"), "\(pushHere)")

        let restore = try binary.run(["restore", "--agent", "claude-code"])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(restore.standardOutput.hasPrefix("restored "), "\(restore)")
        #expect(restore.standardOutput.contains("\(Self.files.count) of \(Self.files.count) files written"), "\(restore)")
        #expect(!restore.standardOutput.contains("safety snapshot"), "nothing existed to save: \(restore)")
        #expect(restore.standardError.contains("home: \(newMachine)/.claude does not exist yet"), "\(restore)")
        #expect(restore.standardError.contains("claudejson: \(newMachine)/.claude.json does not exist yet"), "\(restore)")
        for (relative, bytes) in Self.files {
            let restored = try Data(contentsOf: URL(fileURLWithPath: "\(newMachine)/\(relative)"))
            #expect([UInt8](restored) == bytes, "\(relative)")
        }
        let mode = try FileManager.default.attributesOfItem(atPath: "\(newMachine)/.claude")[.posixPermissions] as? Int
        #expect(mode == 0o700, "a created agent folder is private")
        #expect(!FileManager.default.fileExists(atPath: "\(newMachine)/.config/claude"), "no folder for a root the snapshot has nothing for")

        let again = try binary.run(["push", "--agent", "claude-code"])
        #expect(again.exitCode == 0, "\(again)")
        #expect(again.standardOutput.hasPrefix("no changes since the last push"), "the restored state is the snapshot: \(again)")
    }
}
