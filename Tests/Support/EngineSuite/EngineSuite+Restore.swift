import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

extension EngineSuite {
    static let fiveFiles = [
        "config/settings.json": #"{"temperature":0.2}"#,
        "config/notes/Draft (v2) it's *final*! a+b=c&d.md": "draft",
        "data/sessions/s1.jsonl": "{\"a\":1}\n",
        "data/notes/ümlaut 📝.txt": "emoji",
        "data/empty.txt": "",
    ]

    static func populate(_ world: EngineSuiteWorld) throws {
        for (path, text) in fiveFiles { try world.write(path, text) }
    }

    static func restoreIntoEmptyRoots(_ world: EngineSuiteWorld) async throws {
        try populate(world)
        try await world.push()
        let other = try world.otherMachine()
        let summary = try await other.restore(RestoreOptions(skipSafety: true))
        try require(summary.downloaded == 5, "downloaded \(summary.downloaded) of 5")
        for path in fiveFiles.keys {
            try require(other.directory.read(path) == world.directory.read(path), "\(path) does not restore byte-identical")
        }
        // Afterwards the local cache is the restored manifest: the next push has nothing to do.
        let push = try await other.push()
        try require(push.outcome == .noChanges, "the push after a restore was \(push.outcome)")
    }

    static func restoreOlderThenPushThenRestoreNewest(_ world: EngineSuiteWorld) async throws {
        try world.write("config/settings.json", "v1")
        try world.write("data/a.txt", "a1")
        let old = try await world.push()
        try world.write("config/settings.json", "v2")
        try world.write("data/a.txt", "a2")
        try await world.push()
        try await world.restore(RestoreOptions(snapshot: try SnapshotRef(parsing: old.snapshot!), skipSafety: true))
        try require(world.read("config/settings.json") == "v1", "the older snapshot did not restore")
        try world.write("data/b.txt", "new")
        let third = try await world.push()
        try require(third.added == 1 && third.uploaded == 1, "the push after the restore uploaded \(third.uploaded), added \(third.added)")
        let other = try world.otherMachine()
        try await other.restore(RestoreOptions(skipSafety: true))
        for (path, text) in ["config/settings.json": "v1", "data/a.txt": "a1", "data/b.txt": "new"] {
            try require(other.read(path) == text, "\(path) is \(other.read(path) ?? "missing"), not \(text)")
        }
        _ = try await other.engine().verify(snapshot: nil)
    }

    static func mirrorDelete(_ world: EngineSuiteWorld) async throws {
        try world.write("config/settings.json", "v1")
        try await world.push()
        try world.write("config/extra.json", "extra")
        try world.write("data/later.jsonl", "later")
        try world.write("data/scratch.tmp", "excluded")
        try world.write("config/notes.log", "not included")
        try world.write("config/credentials.json", "secret")
        let summary = try await world.restore(RestoreOptions(mirrorDelete: true))
        try require(summary.deletedPaths == ["config/extra.json", "data/later.jsonl"], "deleted \(summary.deletedPaths)")
        for path in ["config/extra.json", "data/later.jsonl"] { try require(!world.exists(path), "\(path) was not deleted") }
        for path in ["data/scratch.tmp", "config/notes.log", "config/credentials.json"] { try require(world.exists(path), "\(path) was deleted") }
        // The safety snapshot holds what the mirror deleted.
        let safety = try SnapshotRef(parsing: try unwrap(summary.safetySnapshot, "no safety snapshot"))
        try await world.restore(RestoreOptions(snapshot: safety, skipSafety: true))
        try require(world.read("data/later.jsonl") == "later", "the safety snapshot does not hold the deleted file")
    }

    static func withoutMirrorExtraFilesStay(_ world: EngineSuiteWorld) async throws {
        try world.write("config/settings.json", "v1")
        try await world.push()
        try world.write("config/extra.json", "extra")
        try await world.restore(RestoreOptions(skipSafety: true))
        try require(world.exists("config/extra.json"), "an extra file was deleted without the mirror")
    }

    static func dryRunWritesNothing(_ world: EngineSuiteWorld) async throws {
        try world.write("config/settings.json", "v1")
        try world.write("data/a.txt", "a")
        try await world.push()
        try world.write("config/settings.json", "edited")
        try world.write("data/extra.txt", "extra")
        let cacheBefore = world.directory.read("cache/manifest.json")
        let keysBefore = try await world.objectKeys()
        let summary = try await world.restore(RestoreOptions(mirrorDelete: true, dryRun: true))
        try require(summary.dryRun, "not reported as a dry run")
        try require(summary.writtenPaths == ["config/settings.json"], "would write \(summary.writtenPaths)")
        try require(summary.deletedPaths == ["data/extra.txt"], "would delete \(summary.deletedPaths)")
        try require(world.read("config/settings.json") == "edited" && world.exists("data/extra.txt"), "the dry run changed a file")
        try require(try await world.objectKeys() == keysBefore, "the dry run changed the store")
        try require(world.directory.read("cache/manifest.json") == cacheBefore, "the dry run changed the cache")
    }

    static func targetDirectory(_ world: EngineSuiteWorld) async throws {
        try world.write("config/settings.json", "v1")
        try world.write("data/a.txt", "a")
        try await world.push()
        try world.write("config/settings.json", "local")
        let cacheBefore = world.directory.read("cache/manifest.json")
        let summary = try await world.restore(RestoreOptions(targetDirectory: world.directory.path("out")))
        try require(summary.safetySnapshot == nil, "a restore into a target folder took a safety snapshot")
        try require(world.read("out/config/settings.json") == "v1" && world.read("out/data/a.txt") == "a", "the target folder is wrong")
        try require(world.read("config/settings.json") == "local", "the root was changed")
        try require(world.directory.read("cache/manifest.json") == cacheBefore, "the cache was changed")
    }

    static func missingSnapshots(_ world: EngineSuiteWorld) async throws {
        try await requireError(.configuration, "a restore from an empty prefix") { try await world.restore() }
        try world.write("data/a.txt", "a")
        try await world.push()
        try await requireError(.configuration, "a restore of an unknown snapshot") {
            try await world.restore(RestoreOptions(snapshot: try SnapshotRef(parsing: "2000-01-01T00-00-00-000Z")))
        }
    }

    static func noSafetySnapshotWhenNothingWouldChange(_ world: EngineSuiteWorld) async throws {
        try world.write("data/a.txt", "a")
        try await world.push()
        let summary = try await world.restore()
        try require(summary.safetySnapshot == nil, "a safety snapshot of nothing to change")
        try require(summary.skipped == 1, "skipped \(summary.skipped) of 1")
    }

    static func unwrap<T>(_ value: T?, _ message: String) throws -> T {
        guard let value else { throw EngineSuiteFailure(message: message) }
        return value
    }
}
