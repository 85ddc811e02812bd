import Testing
@testable import AgentBackupDomain

@Suite struct ManifestEncodeTests {
    @Test func reEncodingTheReferenceCacheManifestIsByteExact() throws {
        // Its keys happen to be in UTF-8 byte order, so our encoding must reproduce it exactly.
        let bytes = Array(ReferenceManifests.afterPush1.utf8)
        #expect(try Manifest.decode(bytes).encoded() == bytes)
    }

    @Test func reEncodingTheReferencePlainManifestIsByteExact() throws {
        let bytes = Array(ReferenceManifests.plain.utf8)
        #expect(try Manifest.decode(bytes).encoded() == bytes)
    }

    @Test func layoutIsJSONStringifyWithTwoSpaces() {
        let manifest = Manifest(timestamp: "2026-02-09T10:04:05.123Z", files: keyed([
            "a/b": ManifestEntry(hash: hashA, size: 3),
            "a/a": ManifestEntry(hash: hashA, size: 0),
        ]))
        let expected = """
        {
          "version": 1,
          "timestamp": "2026-02-09T10:04:05.123Z",
          "files": {
            "a/a": {
              "hash": "\(hashA)",
              "size": 0
            },
            "a/b": {
              "hash": "\(hashA)",
              "size": 3
            }
          }
        }
        """
        #expect(String(decoding: manifest.encoded(), as: UTF8.self) == expected)
        #expect(manifest.encoded().last == UInt8(ascii: "}"))
    }

    @Test func emptyFilesIsAnEmptyObjectOnOneLine() {
        let text = String(decoding: Manifest(timestamp: "t", files: [:]).encoded(), as: UTF8.self)
        #expect(text == "{\n  \"version\": 1,\n  \"timestamp\": \"t\",\n  \"files\": {}\n}")
    }

    @Test func keysAreSortedByUTF8BytesNotByLocale() {
        let files = ["c/é", "c/Z", "c/a", "c/B", "c/a/b", "c/a b", "c/📝", "c/日"]
        let manifest = Manifest(timestamp: "t", files: Dictionary(uniqueKeysWithValues: files.map { (path($0), ManifestEntry(hash: hashA, size: 1)) }))
        let text = String(decoding: manifest.encoded(), as: UTF8.self)
        let order = files.sortedByUTF8()
        #expect(order == ["c/B", "c/Z", "c/a", "c/a b", "c/a/b", "c/é", "c/日", "c/📝"])
        let positions = order.map { text.range(of: "\"\($0)\"")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(manifest.sortedPaths.map(\.string) == order)
    }

    @Test(arguments: [
        ("q\"uote", #""q\"uote""#),
        ("back\\slash", #""back\\slash""#),
        ("nl\ncr\rtab\t", #""nl\ncr\rtab\t""#),
        ("bs\u{8}ff\u{C}", #""bs\bff\f""#),
        ("ctl\u{1}\u{1F}\u{0}", #""ctl\u0001\u001f\u0000""#),
        ("del\u{7F}", "\"del\u{7F}\""),
        ("ls\u{2028}ps\u{2029}", "\"ls\u{2028}ps\u{2029}\""),
        ("ü 日本 📝 /", "\"ü 日本 📝 /\""),
    ])
    func stringsAreEscapedLikeJSONStringify(raw: String, expected: String) {
        var out: [UInt8] = []
        JSONStringEscaping.append(raw, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func escapedKeysAndTimestampRoundTrip() throws {
        let manifest = Manifest(timestamp: "t\"\n", files: keyed(["a/\"x\\\u{1}\n日": ManifestEntry(hash: hashA, size: 7)]))
        let decoded = try Manifest.decode(manifest.encoded())
        #expect(decoded == manifest)
        #expect(decoded.files.keys.first!.string.utf8.elementsEqual("a/\"x\\\u{1}\n日".utf8))
    }

    @Test func decomposedNamesKeepTheirBytes() throws {
        let manifest = Manifest(timestamp: "t", files: keyed(["a/e\u{301}": ManifestEntry(hash: hashA, size: 1)]))
        let bytes = manifest.encoded()
        #expect(bytes.starts(with: Array("{".utf8)))
        #expect(String(decoding: bytes, as: UTF8.self).utf8.contains(0xCC))  // U+0301 is CC 81
        let decoded = try Manifest.decode(bytes)
        #expect(decoded.files.keys.first!.string.utf8.elementsEqual("a/e\u{301}".utf8))
    }

    @Test func snapshotInitialiserUsesTheIsoTimestamp() throws {
        let id = try SnapshotID(parsing: "2026-02-09T10-04-05-123Z")
        let manifest = Manifest(snapshot: id, files: [:])
        #expect(manifest.timestamp == "2026-02-09T10:04:05.123Z")
        #expect(manifest.snapshotID == id)
        #expect(Manifest(timestamp: "yesterday", files: [:]).snapshotID == nil)
    }
}
