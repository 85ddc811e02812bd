import Testing
@testable import AgentBackupDomain

@Suite struct ManifestPathsTests {
    private func manifest(_ paths: [String]) -> Manifest {
        Manifest(timestamp: "2026-02-09T10:04:05.123Z", files: Dictionary(uniqueKeysWithValues: paths.map { (path($0), ManifestEntry(hash: hashA, size: 1)) }))
    }

    @Test func validatedPathsAreSortedVirtualPaths() throws {
        let paths = try manifest(["data/b", "config/z", "config/a"]).validatedPaths()
        #expect(paths.map(\.string) == ["config/a", "config/z", "data/b"])
    }

    @Test(arguments: ["data/../../etc/passwd", "/etc/passwd", "data/./x", "data//x", "data/a\u{0}", "data\\x", "data", "data/x/"])
    func validatedPathsRefusesAnyUnsafePath(bad: String) {
        let error = #expect(throws: DomainError.self) { try manifest(["config/ok", bad]).validatedPaths() }
        #expect(error?.code == .invalidPath)
        #expect(error?.message.contains("2026-02-09T10:04:05.123Z") == true)
        #expect(error?.message.contains("unsafe path") == true)
    }

    @Test func decodedHostileManifestIsRefusedByValidatedPaths() throws {
        // The reference engine would write this path outside the root; decode keeps it (it is
        // well-formed JSON) and validatedPaths refuses it before restore touches the disk.
        let text = #"{"version":1,"timestamp":"t","files":{"config/../../.bashrc":{"hash":"\#(hashA)","size":1}}}"#
        let decoded = try Manifest.decode(Array(text.utf8))
        #expect(throws: DomainError.self) { try decoded.validatedPaths() }
    }

    @Test func canonicallyEquivalentKeysCannotCoexistInFiles() {
        // Swift compares Strings by canonical equivalence, so the dictionary itself guarantees
        // that no two paths are equal after NFC; decode refuses such input (see the decode tests).
        var files: [String: ManifestEntry] = ["a/\u{E9}": ManifestEntry(hash: hashA, size: 1)]
        files["a/e\u{301}"] = ManifestEntry(hash: hashA, size: 2)
        #expect(files.count == 1)
    }
}
