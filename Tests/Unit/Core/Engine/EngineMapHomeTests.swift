import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport

/// `restore --map-home` end to end for each adapter that declares path encodings (#21): a
/// generated home is pushed from `<temp>/home/alice` on one machine and restored into
/// `<temp>/Users/alice` on another through the in-memory store, and the agent's own lookup rule
/// (documented in its adapter) finds every session under the new paths.
@Suite struct EngineMapHomeTests {
    func machines() throws -> (old: MovingHome, new: MovingHome) {
        let old = try MovingHome(try EngineHarness(), home: "home/alice")
        return (old, try old.newMachine(home: "Users/alice"))
    }

    /// `path` under the new home, for a path under the old one.
    func moved(_ path: String, _ old: MovingHome, _ new: MovingHome) -> String {
        path.hasPrefix(old.home + "/") ? new.home + path.dropFirst(old.home.count) : path
    }

    @Test func claudeCodeFindsEveryProjectsTranscriptsAndSettings() async throws {
        let (old, new) = try machines()
        let projects = [old.path("src/app"), old.path("work/my_lib.v2"), "/opt/shared/tool"]
        for (index, project) in projects.enumerated() {
            let folder = ".claude/projects/" + AgentLookup.claudeProjectFolder(project)
            try old.write("\(folder)/session-\(index).jsonl",
                #"{"type":"user","cwd":"\#(project)","message":{"content":"please open \#(project)/README.md now"}}"# + "\n"
                + #"{"type":"assistant","cwd":"\#(project)"}"# + "\n")
        }
        try old.write(".claude.json", #"{"numStartups": 3, "projects": {"\#(projects[0])": {"allowedTools": []}, "\#(projects[1])": {}, "\#(projects[2])": {}}}"#)
        try old.write(".claude/history.jsonl", #"{"display":"hi","project":"\#(projects[0])"}"# + "\n")
        try await old.push(.claudeCode)

        let summary = try await new.restoreMappingHome(.claudeCode)

        #expect(summary.pathMapping?.renames.count == 2)
        for (index, project) in projects.enumerated() {
            let now = moved(project, old, new)
            let transcript = ".claude/projects/\(AgentLookup.claudeProjectFolder(now))/session-\(index).jsonl"
            #expect(try new.json(transcript, line: 0)["cwd"] as? String == now, "claude --resume in \(now) lists it")
            #expect(try new.json(transcript, line: 1)["cwd"] as? String == now)
            // Prose naming the old path mid-sentence is not a path value: untouched.
            #expect(new.read(transcript)?.contains("please open \(project)/README.md now") == true)
        }
        #expect(!new.exists(".claude/projects/" + AgentLookup.claudeProjectFolder(projects[0])))
        let keys = try #require(try new.json(".claude.json")["projects"] as? [String: Any]).keys.sortedByUTF8()
        #expect(keys == projects.map { moved($0, old, new) }.sortedByUTF8())
        #expect(try new.json(".claude/history.jsonl", line: 0)["project"] as? String == moved(projects[0], old, new))
    }

    @Test func codexResumeFindsEverySessionByItsCwd() async throws {
        let (old, new) = try machines()
        let projects = [old.path("src/app"), old.path("src/other")]
        for (index, project) in projects.enumerated() {
            try old.write(".codex/sessions/2026/01/0\(index + 1)/rollout-2026-01-0\(index + 1)T10-00-00-id\(index).jsonl",
                #"{"type":"session_meta","payload":{"id":"id\#(index)","cwd":"\#(project)","instructions":"work in \#(project) only"}}"# + "\n"
                + #"{"type":"turn_context","payload":{"cwd":"\#(project)"}}"# + "\n")
        }
        try old.write(".codex/config.toml", "model = \"o3\"\n\n[projects.\"\(projects[0])\"]\ntrust_level = \"trusted\"\n")
        try await old.push(.codex)

        try await new.restoreMappingHome(.codex)

        // `codex resume` in folder C keeps the rollouts whose session_meta payload.cwd is C.
        for (index, project) in projects.enumerated() {
            let now = moved(project, old, new)
            let rollout = ".codex/sessions/2026/01/0\(index + 1)/rollout-2026-01-0\(index + 1)T10-00-00-id\(index).jsonl"
            let meta = try #require(try new.json(rollout, line: 0)["payload"] as? [String: Any])
            #expect(meta["cwd"] as? String == now)
            #expect(meta["instructions"] as? String == "work in \(project) only")
            #expect((try new.json(rollout, line: 1)["payload"] as? [String: Any])?["cwd"] as? String == now)
        }
        #expect(new.read(".codex/config.toml") == "model = \"o3\"\n\n[projects.\"\(moved(projects[0], old, new))\"]\ntrust_level = \"trusted\"\n")
    }

    @Test func geminiCLIFindsSlugAndLegacyHashFolders() async throws {
        let (old, new) = try machines()
        let (slugged, legacy) = (old.path("src/app"), old.path("src/legacy"))
        try old.write(".gemini/projects.json", #"{"projects": {"\#(slugged)": "app"}}"#)
        try old.write(".gemini/tmp/app/.project_root", slugged)
        try old.write(".gemini/tmp/app/chats/session-1.json", #"{"sessionId":"s1","messages":[]}"#)
        // A legacy folder is named by the hash of its path; its tool calls name the project's files.
        try old.write(".gemini/tmp/\(AgentLookup.geminiHashFolder(legacy))/chats/session-2.json",
            #"{"sessionId":"s2","messages":[{"toolCall":{"args":{"file_path":"\#(legacy)/main.py"}}}]}"#)
        try await old.push(.geminiCLI)

        let summary = try await new.restoreMappingHome(.geminiCLI)

        #expect(summary.pathMapping?.renames.map(\.exact) == [true])
        // In folder C: projects[C] is the slug, and tmp/<slug>/.project_root holds C.
        let projects = try #require(try new.json(".gemini/projects.json")["projects"] as? [String: String])
        let now = moved(slugged, old, new)
        #expect(projects == [now: "app"])
        #expect(new.read(".gemini/tmp/app/.project_root") == now)
        #expect(new.exists(".gemini/tmp/app/chats/session-1.json"))
        // Before slugs: tmp/<sha256(C)>.
        let legacyNow = moved(legacy, old, new)
        let chat = ".gemini/tmp/\(AgentLookup.geminiHashFolder(legacyNow))/chats/session-2.json"
        #expect(new.read(chat)?.contains("\(legacyNow)/main.py") == true)
        #expect(new.names(in: ".gemini/tmp") == ["app", AgentLookup.geminiHashFolder(legacyNow)].sortedByUTF8())
    }

    @Test func gooseFindsProjectsAndSessionWorkingFolders() async throws {
        let (old, new) = try machines()
        let project = old.path("src/app")
        try old.write(".local/share/goose/projects.json",
            #"{"projects": {"\#(project)": {"path": "\#(project)", "last_session_id": "20260102_1"}}}"#)
        try old.write(".local/share/goose/sessions/20260102_1.jsonl",
            #"{"working_dir":"\#(project)","description":"fix the build in \#(project)"}"# + "\n"
            + #"{"role":"user","content":[{"type":"text","text":"hi"}]}"# + "\n")
        try old.write(".config/goose/config.yaml", "extensions:\n  dev:\n    cmd: \(project)/bin/dev\n    args: []\n")
        try await old.push(.goose)

        try await new.restoreMappingHome(.goose)

        let now = moved(project, old, new)
        let entry = try #require((try new.json(".local/share/goose/projects.json")["projects"] as? [String: Any])?[now] as? [String: Any])
        #expect(entry["path"] as? String == now)
        let session = try new.json(".local/share/goose/sessions/20260102_1.jsonl", line: 0)
        #expect(session["working_dir"] as? String == now)
        #expect(session["description"] as? String == "fix the build in \(project)")
        #expect(new.read(".config/goose/config.yaml") == "extensions:\n  dev:\n    cmd: \(now)/bin/dev\n    args: []\n")
    }

    @Test func aDryRunListsEveryRenameAndRewriteAndWritesNothing() async throws {
        let (old, new) = try machines()
        let project = old.path("src/app")
        try old.write(".claude/projects/\(AgentLookup.claudeProjectFolder(project))/s.jsonl",
            #"{"cwd":"\#(project)"}"# + "\n" + #"{"cwd":"\#(project)/sub"}"# + "\n")
        try await old.push(.claudeCode)

        let summary = try await new.restoreMappingHome(.claudeCode, dryRun: true)

        let mapping = try #require(summary.pathMapping)
        #expect(mapping.mappings == ["\(old.home)=\(new.home)"])
        #expect(mapping.renames.map(\.to) == ["home/projects/" + AgentLookup.claudeProjectFolder(moved(project, old, new))])
        #expect(mapping.rewrites.map(\.values) == [2])
        #expect(!new.exists(".claude"))
    }

    @Test func renamesThatCollideAreNamedAndNothingIsWritten() async throws {
        let (old, new) = try machines()
        // The snapshot already has a folder for the new path: renaming onto it would overwrite.
        for home in [old.home, new.home] {
            try old.write(".claude/projects/\(AgentLookup.claudeProjectFolder(home + "/app"))/s.jsonl", #"{"cwd":"\#(home)/app"}"# + "\n")
        }
        try await old.push(.claudeCode)

        let error = await #expect(throws: EngineError.self) { try await new.restoreMappingHome(.claudeCode) }

        #expect(error?.kind == .failed && error?.kind.exitCode == 1)
        #expect(error?.message.contains("collide") == true)
        #expect(error?.files.count == 2)
        #expect(!new.exists(".claude"), "nothing is written")
    }

    @Test func mapHomeNeedsARecordedHome() async throws {
        let (old, new) = try machines()
        try old.write(".codex/config.toml", "model = \"o3\"\n")
        old.harness.clock.advance(by: 5)
        var target = try old.target(.codex, roots: try Adapter.codex.resolveRoots(in: old.environment))
        target.origin = nil   // as the reference engine (or an older agent-backup) pushes
        _ = try await old.harness.engine().push(target)

        let error = await #expect(throws: EngineError.self) { try await new.restoreMappingHome(.codex) }

        #expect(error?.kind == .configuration)
        #expect(error?.message.contains("--map") == true)
        #expect(!new.exists(".codex"))
    }

    @Test func aRewrittenFileThatDoesNotMapBackToTheSnapshotIsRefusedAndNothingInstalled() async throws {
        let (old, new) = try machines()
        let project = old.path("src/app")
        try old.write(".codex/sessions/2026/01/01/rollout-1.jsonl", #"{"type":"session_meta","payload":{"cwd":"\#(project)"}}"# + "\n")
        try await old.push(.codex)
        // The disk changes a byte of the rewritten file: reading it back with the paths mapped
        // back no longer gives the snapshot's SHA-256.
        new.harness.fileSystem.garbleStreams(endingIn: "-mapped")

        let error = await #expect(throws: EngineError.self) { try await new.restoreMappingHome(.codex) }

        #expect(error?.kind == .integrity && error?.kind.exitCode == 3)
        #expect(error?.message.contains("does not check out") == true, "\(String(describing: error))")
        #expect(error?.files == ["home/sessions/2026/01/01/rollout-1.jsonl"])
        #expect(!new.exists(".codex/sessions/2026/01/01/rollout-1.jsonl"), "nothing installed")
    }

    @Test func mapHomeToTheSameHomeIsAPlainRestore() async throws {
        let old = try MovingHome(try EngineHarness(), home: "home/alice")
        let project = old.path("src/app")
        let transcript = ".claude/projects/\(AgentLookup.claudeProjectFolder(project))/s.jsonl"
        try old.write(transcript, #"{"cwd":"\#(project)"}"# + "\n")
        try await old.push(.claudeCode)
        try FileManager.default.removeItem(atPath: old.path(".claude"))

        let summary = try await old.restoreMappingHome(.claudeCode)

        #expect(summary.pathMapping?.mappings == [] && summary.pathMapping?.renames == [])
        #expect(old.read(transcript) == #"{"cwd":"\#(project)"}"# + "\n")
    }
}
