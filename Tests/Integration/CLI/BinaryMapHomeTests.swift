import Foundation
import Testing

/// `restore --map-home` through the built binary (#21): Claude Code pushed from one home and
/// restored into another, first as a `--dry-run --json` (every rename and rewrite count, nothing
/// written), then for real (the project folder renamed for the new path, `cwd` and the
/// `.claude.json` project keys rewritten, prose left alone).
@Suite("agent-backup binary: restore --map-home onto another home")
struct BinaryMapHomeTests {
    /// Claude Code's folder name for a project path (every character outside [A-Za-z0-9] is `-`).
    static func folder(_ path: String) -> String {
        String(path.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    @Test func dryRunJSONListsTheMoveThenTheRestoreMakesIt() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path("store"))"
        binary.environment["B2_ENCRYPTION_KEY"] = "moving day"
        let (oldHome, newHome) = (binary.home.path("home/alice"), binary.home.path("Users/alice"))
        let (oldProject, newProject) = (oldHome + "/src/app", newHome + "/src/app")
        let transcript = #"{"type":"user","cwd":"\#(oldProject)","message":{"content":"look at \#(oldProject)/x now"}}"# + "\n"
        try Self.write(transcript, to: "\(oldHome)/.claude/projects/\(Self.folder(oldProject))/s1.jsonl")
        try Self.write(#"{"projects": {"\#(oldProject)": {"allowedTools": []}}}"#, to: "\(oldHome)/.claude.json")
        binary.environment["HOME"] = oldHome
        let push = try binary.run(["push", "--agent", "claude-code"])
        #expect(push.exitCode == 0, "\(push)")

        try FileManager.default.createDirectory(atPath: newHome, withIntermediateDirectories: true)
        binary.environment["HOME"] = newHome
        let dry = try binary.run(["restore", "--agent", "claude-code", "--map-home", "--dry-run", "--json"])
        #expect(dry.exitCode == 0, "\(dry)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(dry.standardOutput.utf8)) as? [String: Any], "\(dry)")
        let mapping = try #require(document["pathMapping"] as? [String: Any], "\(dry)")
        #expect(mapping["mappings"] as? [String] == ["\(oldHome)=\(newHome)"])
        let renames = try #require(mapping["renames"] as? [[String: Any]])
        #expect(renames.map { $0["to"] as? String } == ["home/projects/\(Self.folder(newProject))"])
        let rewrites = try #require(mapping["rewrites"] as? [[String: Any]])
        let counts = Dictionary(uniqueKeysWithValues: rewrites.compactMap { r in (r["path"] as? String).map { ($0, r["values"] as? Int) } })
        #expect(counts["claudejson/.claude.json"] == 1)
        #expect(counts["home/projects/\(Self.folder(newProject))/s1.jsonl"] == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(newHome)/.claude"), "a dry run writes nothing")

        let restore = try binary.run(["restore", "--agent", "claude-code", "--map-home"])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(restore.standardOutput.contains("renamed home/projects/\(Self.folder(oldProject)) -> home/projects/\(Self.folder(newProject))"), "\(restore)")
        let restored = try String(contentsOfFile: "\(newHome)/.claude/projects/\(Self.folder(newProject))/s1.jsonl", encoding: .utf8)
        #expect(restored == transcript.replacingOccurrences(of: #""cwd":"\#(oldProject)""#, with: #""cwd":"\#(newProject)""#))
        let settings = try String(contentsOfFile: "\(newHome)/.claude.json", encoding: .utf8)
        #expect(settings == #"{"projects": {"\#(newProject)": {"allowedTools": []}}}"#)
    }

    @Test func aMapThatIsNotBetweenAbsoluteFoldersIsExitTwo() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path("store"))"
        binary.environment["B2_ENCRYPTION_KEY"] = "moving day"
        let bad = try binary.run(["restore", "--agent", "claude-code", "--map", "relative=/x"])
        #expect(bad.exitCode == 2, "\(bad)")
        #expect(bad.standardError.contains("not an absolute folder"), "\(bad)")
    }
}
