import Testing
@testable import AgentBackupDomain

/// Names are bytes (issue #14): pairs of names that Unicode (or a case-folding file system) calls
/// equal stay two files through every rule — manifest decode/encode, diff, push plan, restore plan.
@Suite struct NameTwinPropertyTests {
    /// Names that differ in bytes but that canonical equivalence, compatibility or case merge.
    static let twins: [(String, String)] = [
        ("caf\u{E9}.md", "cafe\u{301}.md"),                                        // NFC / NFD
        ("\u{D55C}\u{AE00}.txt", "\u{1112}\u{1161}\u{11AB}\u{1100}\u{1173}\u{11AF}.txt"),  // Hangul syllables / jamo
        ("a\u{301}\u{323}.txt", "a\u{323}\u{301}.txt"),                             // combining marks in either order
        ("\u{212B}ngstr\u{F6}m", "\u{C5}ngstr\u{F6}m"),                             // ANGSTROM SIGN / Å
        ("\u{2764}.log", "\u{2764}\u{FE0F}.log"),                                   // with and without a variation selector
        ("\u{FB01}le.txt", "file.txt"),                                              // NFKC: ligature fi
        ("Readme.md", "README.md"),                                                  // case
    ]

    /// A random tree of twins: each pair in a random folder (itself sometimes a twin pair).
    static func tree(seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        var names: [String] = []
        for (a, b) in twins where Bool.random(using: &random) || names.isEmpty {
            let folder = ["", "caf\u{E9}/", "cafe\u{301}/", "s/\u{D55C}/"].randomElement(using: &random)!
            names += ["data/" + folder + a, "data/" + folder + b]
        }
        return names.shuffled(using: &random)
    }

    static func entry(_ name: String) -> ManifestEntry {
        var hash = Array(repeating: UInt8(ascii: "0"), count: 64)
        for (index, byte) in name.utf8.enumerated() { hash[index % 64] = Array("0123456789abcdef".utf8)[Int((UInt32(hash[index % 64]) + UInt32(byte)) % 16)] }
        return ManifestEntry(hash: String(decoding: hash, as: UTF8.self), size: Int64(name.utf8.count))
    }

    @Test(arguments: 0..<200 as Range<UInt64>)
    func twinsSurviveEveryRule(seed: UInt64) throws {
        let names = Self.tree(seed: seed)
        let files = Dictionary(uniqueKeysWithValues: names.map { (VirtualPath(unchecked: $0), Self.entry($0)) })
        #expect(files.count == names.count, "seed \(seed): twins merged as dictionary keys")

        // Decode → encode gives back the same bytes, whatever order the writer chose.
        let manifest = Manifest(timestamp: "2026-02-09T10:04:05.123Z", files: files, order: names.map { VirtualPath(unchecked: $0) })
        let bytes = manifest.encoded()
        let decoded = try Manifest.decode(bytes)
        #expect(decoded.encoded() == bytes, "seed \(seed)")
        #expect(decoded.order.map { Array($0.string.utf8) } == names.map { Array($0.utf8) }, "seed \(seed)")
        #expect(decoded == manifest)

        // Diff and push plan: one twin changed is one upload, its twin a copy.
        var changed = files
        let victim = VirtualPath(unchecked: names[0])
        changed[victim] = ManifestEntry(hash: String(repeating: "f", count: 64), size: 1)
        let ref = SnapshotRef.regular(try SnapshotID(parsing: "2026-02-09T10-04-05-123Z"))
        let plan = PushPlan(current: changed, previous: decoded, previousSnapshot: ref)
        #expect(plan.uploads.map(\.string.utf8).map(Array.init) == [Array(victim.string.utf8)], "seed \(seed)")
        #expect(plan.reuses.count == names.count - 1, "seed \(seed)")

        // Restore plan: one distinct destination per name, none refused.
        let restore = try RestorePlan(manifest: decoded, destination: .directory("/restore"))
        #expect(restore.refusals.isEmpty, "seed \(seed): \(restore.refusals)")
        let destinations = Set(restore.downloads.compactMap { item -> [UInt8]? in
            guard case .download(let local) = item.action else { return nil }
            return Array(local.utf8)
        })
        #expect(destinations.count == names.count, "seed \(seed)")
    }

    @Test func displayNamesOfTwinsNeverPrintAlike() {
        for (a, b) in Self.twins where a.lowercased() != b.lowercased() || a == b {
            #expect(DisplayName.of(a) != DisplayName.of(b), "\(a) and \(b) print alike")
        }
        #expect(DisplayName.of("cafe\u{301}.md") == "cafe\\u{301}.md")
        #expect(DisplayName.of("caf\u{E9}.md") == "caf\u{E9}.md")
    }
}
