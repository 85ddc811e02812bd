import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// Names are bytes (issue #14), end to end on a Linux file system that keeps them as bytes: two
/// names Unicode calls equal are two files in the push, the manifest, the stat cache and the restore
/// (the push and restore of twins is a case of the engine suite, run on every store and layout).
@Suite struct EngineNameTwinTests {
    static let twins = EngineSuite.nameTwins
    static let files = EngineSuite.nameTwinFiles
    let posix = PosixFileSystem()

    func content(_ name: String) -> [UInt8] { EngineSuite.nameTwinContent(name) }

    func writeTwins(_ h: EngineHarness) throws {
        for name in Self.files {
            let path = h.directory.path(name)
            try posix.createDirectory(LocalPath.parent(path), mode: 0o755)
            try posix.writeFileAtomically(path, contents: content(name), mode: 0o644)
        }
    }

    /// The names the folders really hold, as bytes.
    func names(in h: EngineHarness, _ folder: String) throws -> Set<[UInt8]> {
        Set(try posix.listing(ofDirectory: h.directory.path(folder)).names.map { Array($0.utf8) })
    }

    @Test func aSymlinkTwinOfARealFolderIsRefused() async throws {
        // `cafe\u{301}/` (checked first: 0x65 sorts before 0xC3) is a real folder, `caf\u{E9}` a link
        // leading out of the root: a check that remembered folders by String would let the link
        // pass as the folder it had already checked.
        let h = try EngineHarness()
        try writeTwins(h)
        let pushed = try await h.push()
        try FileManager.default.removeItem(atPath: h.directory.path("data/caf\u{E9}"))
        let outside = h.directory.path("outside")
        try posix.createDirectory(outside, mode: 0o755)
        #expect(symlink(outside, h.directory.path("data/caf\u{E9}")) == 0)
        await #expect(throws: (any Error).self) {
            try await h.restore(RestoreOptions(snapshot: .regular(try SnapshotID(parsing: pushed.snapshot!)), skipSafety: true))
        }
        #expect(try posix.listing(ofDirectory: outside).names.isEmpty, "nothing written through the link")
    }

    /// A file system that folds normalization (APFS): the snapshot's `cafe\u{301}.md` and
    /// `caf\u{E9}.md` are one name there. The first is restored with its own bytes; the second
    /// is not written over it but named, and the restore fails.
    @Test func restoringTwinsOntoAFoldingFileSystemNeverOverwritesOneWithTheOther() async throws {
        let linux = try EngineHarness()
        try writeTwins(linux)
        try await linux.push()
        let mac = try EngineHarness(store: linux.store, folding: .normalization)
        let target = mac.directory.path("out")
        let error = await #expect(throws: EngineError.self) {
            try await mac.restore(RestoreOptions(targetDirectory: target))
        }
        let message = error?.message ?? ""
        #expect(message.contains("not restored: this file system treats"), "\(message)")
        #expect(message.contains("caf\u{E9}.md") && message.contains("cafe\\u{301}.md"), "both names, told apart: \(message)")
        // `cafe\u{301}.md` (first in byte order) is there with ITS bytes; its twin did not replace it.
        let names = try posix.listing(ofDirectory: target + "/data").names
        let onDisk = try #require(names.first { $0.unicodeScalars.elementsEqual("cafe\u{301}.md".unicodeScalars) })
        #expect(try posix.readFile(target + "/data/" + onDisk) == content("data/cafe\u{301}.md"))
        #expect(!names.contains { $0.unicodeScalars.elementsEqual("caf\u{E9}.md".unicodeScalars) })
    }

    @Test func aLocalFileUnderAFoldedNameIsNeitherSkippedNorOverwritten() async throws {
        let linux = try EngineHarness()
        try posix.writeFileAtomically(linux.directory.path("data/cafe\u{301}.md"), contents: content("snapshot"), mode: 0o644)
        try await linux.push()
        let mac = try EngineHarness(store: linux.store, folding: .normalization)
        let local = mac.directory.path("data/caf\u{E9}.md")
        try posix.writeFileAtomically(local, contents: content("local"), mode: 0o644)
        await #expect(throws: EngineError.self) { try await mac.restore(RestoreOptions(skipSafety: true)) }
        #expect(try posix.readFile(local) == content("local"), "the other file is left as it was")
    }

    /// Variants of names that Unicode or a folding file system merges: NFC/NFD, Hangul syllables
    /// and jamo, combining marks in both orders, emoji with and without U+FE0F, NFKC, case.
    static let variants: [[String]] = [
        ["caf\u{E9}", "cafe\u{301}"],
        ["\u{D55C}\u{AE00}", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}"],
        ["a\u{301}\u{323}", "a\u{323}\u{301}", "\u{E1}\u{323}"],
        ["\u{2764}", "\u{2764}\u{FE0F}"],
        ["\u{FB01}", "fi"],
        ["Notes", "NOTES", "notes"],
        ["\u{212B}", "\u{C5}", "A\u{30A}"],
    ]

    @Test(arguments: 0..<12 as Range<UInt64>)
    func randomTwinTreesComeBackAsTheSameByteNamesAndContents(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        var names: [String] = []
        for group in Self.variants where Bool.random(using: &random) || names.isEmpty {
            let folder = Bool.random(using: &random) ? "" : group.randomElement(using: &random)! + "/"
            names += group.map { "data/" + folder + $0 + ".txt" }
        }
        let h = try EngineHarness()
        for name in names {
            let path = h.directory.path(name)
            try posix.createDirectory(LocalPath.parent(path), mode: 0o755)
            try posix.writeFileAtomically(path, contents: content(name), mode: 0o644)
        }
        let pushed = try await h.push()
        #expect(pushed.files == names.count && pushed.failures.isEmpty, "seed \(seed)")
        let target = h.directory.path("out")
        _ = try await h.restore(RestoreOptions(targetDirectory: target))
        var found: Set<[UInt8]> = []
        var pending = ["data"]
        while let folder = pending.popLast() {
            for name in try posix.listing(ofDirectory: target + "/" + folder).names {
                let relative = folder + "/" + name
                if try posix.status(target + "/" + relative)?.kind == .directory { pending.append(relative); continue }
                found.insert(Array(relative.utf8))
                #expect(try posix.readFile(target + "/" + relative) == content(relative), "seed \(seed): \(DisplayName.of(relative))")
            }
        }
        #expect(found == Set(names.map { Array($0.utf8) }), "seed \(seed)")
    }
}

