import Testing
@testable import AgentBackupDomain

private func decode(_ text: String) throws -> Manifest {
    try Manifest.decode(Array(text.utf8))
}

private func manifestText(files: String, version: String = "1", timestamp: String = "\"2026-02-09T10:04:05.123Z\"") -> String {
    #"{"version": \#(version), "timestamp": \#(timestamp), "files": \#(files)}"#
}

@Suite struct ManifestDecodeTests {
    @Test func decodesTheReferenceCacheManifest() throws {
        let manifest = try decode(ReferenceManifests.afterPush1)
        #expect(manifest.timestamp == "2026-11-25T12:57:24.347Z")
        #expect(manifest.files.count == 12)
        #expect(manifest.files[path("config/My Notes ü 日本.md")] == ManifestEntry(hash: "0deb9686245cb7974d346434cc1e48b4115a8dbe66dc2c648d0ebcc4170f843f", size: 85))
        #expect(manifest.files[path("data/notes/ümlaut ünïcödé 📝.txt")]?.size == 39)
        #expect(manifest.files[path("config/notes/Draft (v2) it's *final*! a+b=c&d.md")]?.size == 62)
        #expect(manifest.files[path("data/empty.txt")] == ManifestEntry(hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", size: 0))
        #expect(manifest.files[path("data/blobs/random.bin")]?.size == 65536)
        #expect(manifest.snapshotID?.rawValue == "2026-11-25T12-57-24-347Z")
    }

    @Test func decodesTheReferencePlainManifest() throws {
        let manifest = try decode(ReferenceManifests.plain)
        #expect(manifest.files.count == 10)
        #expect(manifest.timestamp == "2026-11-25T12:57:28.102Z")
        #expect(manifest.totalSize == 85 + 62 + 59 + 112 + 65536 + 0 + 8192 + 39 + 990 + 463)
        #expect(try manifest.validatedPaths().count == 10)
    }

    @Test func decodesCompactAndReorderedJSON() throws {
        let text = #"{"files":{"a/b":{"size":3,"hash":"\#(hashA)"}},"timestamp":"t","version":1}"#
        let manifest = try decode(text)
        #expect(manifest == Manifest(timestamp: "t", files: keyed(["a/b": ManifestEntry(hash: hashA, size: 3)])))
    }

    @Test func decodesWindowsLineEndingsAndTabs() throws {
        let text = ReferenceManifests.plain.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "  ", with: "\t")
        let manifest = try decode(text)
        #expect(manifest == (try decode(ReferenceManifests.plain)))
    }

    @Test func decodesEmptyFiles() throws {
        #expect(try decode(manifestText(files: "{}")).files.isEmpty)
    }

    @Test func decodesEscapesInKeys() throws {
        let text = manifestText(files: #"{"a/\u00fc\"q\\\ud83d\udcdd\/x": {"hash": "\#(hashA)", "size": 1}}"#)
        let manifest = try decode(text)
        #expect(manifest.files.keys.first?.string == "a/ü\"q\\📝/x")
    }

    @Test func toleratesUnknownFieldsAndAByteOrderMark() throws {
        let text = "\u{FEFF}" + #"{"version":1,"timestamp":"t","host":"x","files":{"a/b":{"hash":"\#(hashA)","size":0,"mtime":5}}}"#
        #expect(try decode(text).files[path("a/b")]?.size == 0)
    }

    @Test func decodesLargeSizes() throws {
        let text = manifestText(files: #"{"a/b": {"hash": "\#(hashA)", "size": 9007199254740991}}"#)
        #expect(try decode(text).files[path("a/b")]?.size == 9_007_199_254_740_991)
    }

    @Test(arguments: ["2", "0", "1.0", "10"])
    func refusesOtherVersionsWithUpgradeAdvice(version: String) {
        let error = #expect(throws: DomainError.self) { try decode(manifestText(files: "{}", version: version)) }
        #expect(error?.code == .unsupportedManifestVersion)
        #expect(error?.message.contains("upgrade agent-backup") == true)
        #expect(error?.message.contains("version \(version)") == true)
    }

    @Test(arguments: [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ("nul", "not valid JSON"),
        (#"{"version":1,}"#, "not valid JSON"),
        (#"{"version":1} x"#, "not valid JSON"),
        ("[]", "the document must be an object"),
        (#"{"timestamp":"t","files":{}}"#, "version is missing"),
        (#"{"version":"1","timestamp":"t","files":{}}"#, "version must be a number"),
        (#"{"version":1,"files":{}}"#, "timestamp is missing"),
        (#"{"version":1,"timestamp":5,"files":{}}"#, "timestamp must be a string"),
        (#"{"version":1,"timestamp":"t"}"#, "files is missing"),
        (#"{"version":1,"timestamp":"t","files":[]}"#, "files must be an object"),
        (#"{"version":1,"version":1,"timestamp":"t","files":{}}"#, "version appears twice"),
    ])
    func refusesMalformedDocuments(text: String, expected: String) {
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        (#""x""#, #"files["a/b"] must be an object"#),
        (#"{"size":1}"#, #"files["a/b"].hash is missing"#),
        (#"{"hash":"HASH"}"#, #"files["a/b"].size is missing"#),
        (#"{"hash":5,"size":1}"#, #"files["a/b"].hash must be a string"#),
        (#"{"hash":"HASH","size":"1"}"#, #"files["a/b"].size must be a number"#),
        (#"{"hash":"HASH","size":-1}"#, #"files["a/b"].size must not be negative"#),
        (#"{"hash":"HASH","size":1.5}"#, #"files["a/b"].size must be a whole number"#),
        (#"{"hash":"HASH","size":1e3}"#, #"files["a/b"].size must be a whole number"#),
        (#"{"hash":"HASH","size":99999999999999999999}"#, #"files["a/b"].size must be a whole number"#),
        (#"{"hash":"HASH","size":null}"#, #"files["a/b"].size must be a number, found null"#),
        (#"{"hash":"HASH","hash":"HASH","size":1}"#, #"files["a/b"].hash appears twice"#),
    ])
    func refusesBadEntries(entry: String, expected: String) {
        let text = manifestText(files: #"{"a/b": \#(entry.replacingOccurrences(of: "HASH", with: hashA))}"#)
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        String(repeating: "a", count: 63),
        String(repeating: "a", count: 65),
        String(repeating: "g", count: 64),
        String(repeating: "A", count: 64),
        "",
        String(repeating: "a", count: 62) + "é",
    ])
    func refusesHashesThatAreNotLowercaseSHA256Hex(hash: String) {
        let text = manifestText(files: #"{"a/b": {"hash": "\#(hash)", "size": 1}}"#)
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains("64 lowercase hex digits") == true)
    }

    @Test func refusesTheSamePathTwice() {
        let text = manifestText(files: #"{"a/b": {"hash": "\#(hashA)", "size": 1}, "a/b": {"hash": "\#(hashB)", "size": 2}}"#)
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains(#"files["a/b"] appears twice"#) == true)
    }

    @Test func keepsTwoPathsEqualAfterNFCAsTwoFilesByteExact() throws {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301): two files on Linux, two keys in
        // a reference manifest; both kept, and encoding again gives back the same bytes.
        let text = manifestText(files: "{\"a/\u{E9}\": {\"hash\": \"\(hashA)\", \"size\": 1}, \"a/e\u{301}\": {\"hash\": \"\(hashB)\", \"size\": 2}}")
        let manifest = try decode(text)
        #expect(manifest.files.count == 2)
        #expect(manifest.files[path("a/\u{E9}")]?.hash == hashA)
        #expect(manifest.files[path("a/e\u{301}")]?.hash == hashB)
        let reference = try decode(ReferenceManifests.plain)
        let twins = Manifest(timestamp: reference.timestamp, files: manifest.files)
        #expect(try Manifest.decode(twins.encoded()).encoded() == twins.encoded())
        #expect(twins.order.map(\.string) == ["a/e\u{301}", "a/\u{E9}"], "UTF-8 byte order: 'e' (0x65) before 0xC3")
    }

    @Test func keepsTheWritersOrderSoReEncodingIsByteIdentical() throws {
        // A writer that sorted by locale (the reference's localeCompare) put "Z" after "a".
        let text = "{\n  \"version\": 1,\n  \"timestamp\": \"t\",\n  \"files\": {\n    \"a/a\": {\n      \"hash\": \"\(hashA)\",\n      \"size\": 1\n    },\n    \"a/Z\": {\n      \"hash\": \"\(hashB)\",\n      \"size\": 2\n    }\n  }\n}"
        #expect(try decode(text).encoded() == Array(text.utf8))
    }

    @Test func refusesTheSameBytesTwiceEvenWhenEscapedDifferently() {
        let text = manifestText(files: #"{"a/\u00e9": {"hash": "\#(hashA)", "size": 1}, "a/é": {"hash": "\#(hashB)", "size": 2}}"#)
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains("appears twice") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        #"{"version":1,"timestamp":"\ud800","files":{}}"#,
        #"{"version":1,"timestamp":"\udc00","files":{}}"#,
        #"{"version":1,"timestamp":"\ud83dx","files":{}}"#,
        #"{"version":1,"timestamp":"\q","files":{}}"#,
        #"{"version":1,"timestamp":"\u12","files":{}}"#,
        "{\"version\":1,\"timestamp\":\"a\tb\",\"files\":{}}",
        #"{"version":01,"timestamp":"t","files":{}}"#,
        #"{"version":-,"timestamp":"t","files":{}}"#,
        #"{"version":1.,"timestamp":"t","files":{}}"#,
        #"{"version":1e,"timestamp":"t","files":{}}"#,
        #"{"version":tru,"timestamp":"t","files":{}}"#,
        #"{"version" 1}"#,
        #"{version:1}"#,
    ])
    func refusesInvalidJSONSyntax(text: String) {
        let error = #expect(throws: DomainError.self) { try decode(text) }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains("at byte") == true, "\(error?.message ?? "")")
    }

    @Test func refusesInvalidUTF8() {
        var bytes = Array(manifestText(files: #"{"a/XX": {"hash": "\#(hashA)", "size": 1}}"#).utf8)
        let index = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[index] = 0xC3
        bytes[index + 1] = 0x28
        let error = #expect(throws: DomainError.self) { try Manifest.decode(bytes) }
        #expect(error?.message.contains("invalid UTF-8") == true)
    }

    @Test func refusesHostileNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        let error = #expect(throws: DomainError.self) { try decode(deep) }
        #expect(error?.message.contains("nesting") == true)
    }

    @Test func parsesOtherJSONValuesInIgnoredFields() throws {
        let text = #"{"version":1,"timestamp":"t","files":{},"extra":[true,false,null,-0.5e+3,{"k":[]},[]]}"#
        #expect(try decode(text).files.isEmpty)
    }
}
