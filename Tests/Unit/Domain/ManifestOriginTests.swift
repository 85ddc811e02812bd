import Testing
@testable import AgentBackupDomain

/// The `origin` member (#21): what `restore --map-home` maps from. Written after `files` in the
/// same layout, read back exactly; a manifest without it is the reference engine's bytes; an
/// origin of a shape this version does not know is ignored, never a refusal of the snapshot.
@Suite struct ManifestOriginTests {
    let origin = SnapshotOrigin(home: "/home/al\"ice", user: "alice", os: "linux")

    @Test func originIsWrittenLastAndReadBack() throws {
        let manifest = Manifest(timestamp: "2026-02-09T10:04:05.123Z", files: keyed(["a/a": ManifestEntry(hash: hashA, size: 1)]), origin: origin)
        let expected = """
        {
          "version": 1,
          "timestamp": "2026-02-09T10:04:05.123Z",
          "files": {
            "a/a": {
              "hash": "\(hashA)",
              "size": 1
            }
          },
          "origin": {
            "home": "/home/al\\"ice",
            "user": "alice",
            "os": "linux"
          }
        }
        """
        #expect(String(decoding: manifest.encoded(), as: UTF8.self) == expected)
        let decoded = try Manifest.decode(manifest.encoded())
        #expect(decoded.origin == origin)
        #expect(decoded == manifest)
        #expect(decoded.encoded() == manifest.encoded())
    }

    @Test func withoutAUserTheMemberIsLeftOut() throws {
        let manifest = Manifest(timestamp: "t", files: [:], origin: SnapshotOrigin(home: "/Users/a", user: nil, os: "macos"))
        let text = String(decoding: manifest.encoded(), as: UTF8.self)
        #expect(!text.contains("user"))
        #expect(try Manifest.decode(manifest.encoded()).origin == SnapshotOrigin(home: "/Users/a", user: nil, os: "macos"))
    }

    @Test func aManifestWithoutOriginIsTheReferenceEnginesBytes() throws {
        let bytes = Array(ReferenceManifests.afterPush1.utf8)
        let decoded = try Manifest.decode(bytes)
        #expect(decoded.origin == nil)
        #expect(decoded.encoded() == bytes)
    }

    @Test(arguments: [
        #""origin": 3"#, #""origin": {"home": "/h"}"#, #""origin": {"home": 1, "os": "linux"}"#, #""origin": null"#,
    ])
    func anOriginOfAnotherShapeIsIgnored(member: String) throws {
        let text = #"{"version": 1, "timestamp": "t", "files": {"a/a": {"hash": "\#(hashA)", "size": 1}}, \#(member)}"#
        let decoded = try Manifest.decode(Array(text.utf8))
        #expect(decoded.origin == nil)
        #expect(decoded.files.count == 1)
    }
}
