import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

extension EngineSuite {
    static func restoringASafetySnapshot(_ world: EngineSuiteWorld) async throws {
        for (path, text) in ["config/settings.json": "{}", "data/a.txt": "a", "data/b.txt": "b", "data/c.txt": "c"] {
            try world.write(path, text)
        }
        try await world.push()
        try world.write("data/a.txt", "local edit")
        let undo = try unwrap(try await world.restore().safetySnapshot, "the first restore took no safety snapshot")
        try require(world.read("data/a.txt") == "a", "the restore did not restore")
        try require(try await world.engine().snapshots(includeSafety: true).safety?.map(\.id) == [undo], "the safety snapshot is not listed")
        let ref = try SnapshotRef(parsing: undo)
        try require(ref.isSafety, "\(undo) does not name a safety snapshot")
        try require(try await world.engine().verify(snapshot: ref).snapshot == undo, "verify of the safety snapshot")

        let second = try await world.restore(RestoreOptions(snapshot: ref))
        try require(second.snapshot == undo && world.read("data/a.txt") == "local edit", "the safety snapshot did not restore")
        let redo = try unwrap(second.safetySnapshot, "restoring a safety snapshot took no safety snapshot of its own")
        try require(try await world.engine().snapshots(includeSafety: true).safety?.map(\.id) == [undo, redo], "both safety snapshots are not listed")
        try await world.restore(RestoreOptions(snapshot: try SnapshotRef(parsing: redo), skipSafety: true))
        try require(world.read("data/a.txt") == "a", "the second safety snapshot does not hold the state before the second restore")

        // A push's retention leaves safety snapshots alone; they go only on request.
        try await world.push(keep: 1)
        let removed = try await world.engine().removeSafetySnapshots(in: [undo])
        try require(removed.deletedSafety == [ref.safetyFolder!], "removed \(removed.deletedSafety)")
        try require(try await world.engine().snapshots(includeSafety: true).safety?.map(\.id) == [redo], "the removed safety snapshot is listed")
        let pruned = try await world.engine().prune(policy: .keepLast(1), removeSafety: true)
        try require(pruned.deletedSafety.count == 1, "prune --remove-safety removed \(pruned.deletedSafety)")
        try require(try await world.engine().snapshots(includeSafety: true).safety?.isEmpty != false, "a safety snapshot is left")
    }

    static func listing(_ world: EngineSuiteWorld) async throws {
        try world.write("data/a.txt", "12345")
        let first = try await world.push()
        try world.write("data/b.txt", "123")
        let second = try await world.push()
        let listing = try await world.engine().snapshots(includeSafety: false)
        try require(listing.snapshots.map(\.id) == [first.snapshot!, second.snapshot!], "listed \(listing.snapshots.map(\.id))")
        try require(listing.snapshots.map(\.files) == [1, 2], "file counts \(listing.snapshots.map(\.files))")
        try require(listing.snapshots.map(\.bytes) == [5, 8], "sizes \(listing.snapshots.map(\.bytes))")
        try require(listing.snapshots.last?.timestamp == (try SnapshotID(parsing: second.snapshot!)).isoTimestamp, "the timestamp")
        try require(listing.safety == nil, "safety snapshots listed unasked")
    }

    static func verify(_ world: EngineSuiteWorld) async throws {
        try world.write("data/a.txt", "a")
        try world.write("config/s.json", "{}")
        let pushed = try await world.push()
        let summary = try await world.engine().verify(snapshot: nil)
        try require(summary.snapshot == pushed.snapshot, "verified \(summary.snapshot) instead of the newest")
        try require(summary.files == 2 && summary.bytes == 3, "verified \(summary.files) files, \(summary.bytes) bytes")
    }

    static func retentionAndPrune(_ world: EngineSuiteWorld) async throws {
        var ids: [String] = []
        for round in 0..<4 {
            try world.write("data/counter.txt", "\(round)")
            let summary = try await world.push(keep: 3)
            ids.append(summary.snapshot!)
            if round == 3 { try require(summary.pruned.count == 1, "the fourth push pruned \(summary.pruned)") }
        }
        try require(try await world.engine().snapshots(includeSafety: false).snapshots.map(\.id) == Array(ids.suffix(3)), "retention")
        let summary = try await world.engine().prune(policy: .keepLast(1), removeSafety: false)
        try require(summary.deletedSnapshots == Array(ids[1...2]) && summary.kept == [ids[3]], "prune deleted \(summary.deletedSnapshots)")
        try require(try await world.engine().snapshots(includeSafety: false).snapshots.map(\.id) == [ids[3]], "prune left the wrong snapshots")
        try await requireError(.configuration, "keeping zero snapshots") {
            try await world.engine().prune(policy: .keepLast(0), removeSafety: false)
        }
        let other = try world.otherMachine()
        try await other.restore(RestoreOptions(skipSafety: true))
        try require(other.read("data/counter.txt") == "3", "the kept snapshot does not restore")
    }

    /// Pairs of names Unicode calls canonically equal (composed and decomposed).
    public static let nameTwins: [(String, String)] = [
        ("caf\u{E9}.md", "cafe\u{301}.md"),
        ("\u{D55C}\u{AE00}.txt", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}.txt"),
        ("a\u{301}\u{323}.txt", "a\u{323}\u{301}.txt"),
        ("\u{212B}.txt", "\u{C5}.txt"),
    ]

    /// The twin files: both names of every pair, and a file in each of two twin folders.
    public static let nameTwinFiles = {
        nameTwins.flatMap { [$0.0, $0.1] }.map { "data/" + $0 } + ["data/caf\u{E9}/x.txt", "data/cafe\u{301}/x.txt"]
    }()

    /// What a twin file holds: its name's scalars, so no two twins hold the same bytes.
    public static func nameTwinContent(_ name: String) -> [UInt8] {
        Array("content of \(name.unicodeScalars.map { String($0.value, radix: 16) })\n".utf8)
    }

    static func nameTwins(_ world: EngineSuiteWorld) async throws {
        let fileSystem = world.backend.parts.fileSystem
        for name in nameTwinFiles {
            let path = world.directory.path(name)
            try fileSystem.createDirectory(LocalPath.parent(path), mode: 0o755)
            try fileSystem.writeFileAtomically(path, contents: nameTwinContent(name), mode: 0o644)
        }
        let pushed = try await world.push()
        try require(pushed.failures.isEmpty && pushed.files == nameTwinFiles.count, "pushed \(pushed.files) files, failures \(pushed.failures)")
        let again = try await world.push()
        try require(again.uploaded == 0 && again.filesRead == 0, "the second push uploaded \(again.uploaded), read \(again.filesRead)")
        let other = try world.otherMachine()
        let restored = try await other.restore(RestoreOptions(skipSafety: true))
        try require(restored.downloaded == nameTwinFiles.count, "restored \(restored.downloaded) of \(nameTwinFiles.count)")
        for name in nameTwinFiles {
            let bytes = try fileSystem.readFile(other.directory.path(name))
            try require(bytes == nameTwinContent(name), "\(DisplayName.of(name)) restored with the wrong bytes")
        }
        let names = try fileSystem.listing(ofDirectory: other.directory.path("data")).names
        try require(names.count == nameTwins.count * 2 + 2, "the restored folder holds \(names.count) names")
    }
}
