import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

/// Manifests written by someone hostile (or by a bug): each is refused with a clear message
/// before anything is written, and nothing appears outside the roots.
@Suite("Reliability: hostile manifests", .serialized)
struct HostileManifestTests {
    /// One forged manifest and what the restore must say about it.
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        /// Manifest JSON text (written verbatim, so it can hold what Swift strings would normalise).
        var json: String
        /// Store it unencrypted although the backup is encrypted.
        var plaintext = false
        var exitCodes: Set<Int32> = [3]
        /// Words the error message must contain (any one of them).
        var mentions: [String]
        /// Exit 0 is also right when the (hash-verified) content is what got written: the SPEC
        /// makes the hash authoritative over the size.
        var mayRestoreVerifiedContent = false
        var description: String { name }
    }

    static let okText = Array("the genuine file\n".utf8)

    static func entry(_ path: String, hash: String, size: String = "17") -> String {
        "\"\(path)\": {\"hash\": \"\(hash)\", \"size\": \(size)}"
    }

    static func manifest(_ entries: [String], version: Int = 1) -> String {
        "{\"version\": \(version), \"timestamp\": \"2099-01-01T00:00:00.000Z\", \"files\": {\(entries.joined(separator: ", "))}}"
    }

    static var cases: [Case] {
        let ok = SHA256Digest.hex(okText)
        let good = entry("data/ok.txt", hash: ok)
        return [
            Case(name: "dot-dot", json: manifest([good, entry("data/../sentinel/evil.txt", hash: ok)]), mentions: [".."]),
            Case(name: "absolute path", json: manifest([good, entry("/tmp/agent-backup-evil.txt", hash: ok)]), mentions: ["/tmp/agent-backup-evil.txt", "absolute"]),
            Case(name: "NUL byte", json: manifest([good, entry("data/evil\\u0000.txt", hash: ok)]), mentions: ["NUL", "nul", "\\0", "U+0000"]),
            Case(name: "empty segment", json: manifest([good, entry("data//evil.txt", hash: ok)]), mentions: ["empty", "data//evil.txt"]),
            Case(name: "dot segment", json: manifest([good, entry("data/./evil.txt", hash: ok)]), mentions: ["data/./evil.txt", "'.'", "\".\""]),
            Case(name: "label that is no root", json: manifest([good, entry("elsewhere/evil.txt", hash: ok)]), mentions: ["elsewhere"]),
            Case(
                name: "duplicate after Unicode normalisation",
                json: manifest([good, entry("data/caf\\u00e9.txt", hash: ok), entry("data/cafe\\u0301.txt", hash: ok)]),
                mentions: ["caf", "normali", "NFC"]),
            Case(name: "file that is also a folder", json: manifest([good, entry("data/ok.txt/inner.txt", hash: ok)]), mentions: ["data/ok.txt"]),
            Case(name: "plaintext manifest in an encrypted backup", json: manifest([good]), plaintext: true, mentions: ["not encrypted"]),
            Case(name: "manifest version 2", json: manifest([good], version: 2), exitCodes: [2, 3], mentions: ["upgrade"]),
            Case(
                name: "size 10^12", json: manifest([entry("data/ok.txt", hash: ok, size: "1000000000000")]),
                mentions: ["1000000000000", "size"], mayRestoreVerifiedContent: true),
        ]
    }

    @Test("every hostile manifest is refused with a clear message and nothing is written")
    func refused() async throws {
        let rig = try ReliabilityRig("hostile")
        try TreeFiles.write(["ok.txt": Self.okText], into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        let genuine = try #require(try await rig.completeSnapshots().last)
        let local: [String: [UInt8]] = ["ok.txt": Array("changed locally\n".utf8), "notes/keep.md": [1, 2, 3]]
        let store = try rig.store()
        let codec = Codecs.encrypting(passphrase: rig.passphrase)
        for (index, hostile) in Self.cases.enumerated() {
            let id = String(format: "2099-01-01T00-00-00-%03dZ", index)
            let folder = "\(rig.prefix)/\(id)"
            try await store.copy(from: "\(rig.prefix)/\(genuine)/data/ok.txt", to: "\(folder)/data/ok.txt")
            let text = Array(hostile.json.utf8)
            let body = hostile.plaintext ? text : try codec.encode(text)
            try await store.put(key: "\(folder)/manifest.json", body: .bytes(body), contentType: "application/octet-stream")

            try TreeFiles.replace(rig.root, with: local)
            let before = Self.everythingOutsideHome(rig)
            let restore = try await rig.run(["restore", "--no-safety", "--snapshot", id])
            // Bounded, not fast: a run that allocated or waited for the 10^12 bytes would not end at
            // all; 90 s holds on CI's two shared cores (10 s did not).
            #expect(restore.duration < .seconds(90), "\(hostile): took \(restore.duration)")
            if hostile.mayRestoreVerifiedContent && restore.exitCode == 0 {
                // Accepted: only the verified 17 bytes were written, nothing was allocated for 10^12.
                var restored = local
                restored["ok.txt"] = Self.okText
                expectSameTree(TreeFiles.read(rig.root), restored, "\(hostile): wrong content")
                continue
            }
            #expect(hostile.exitCodes.contains(restore.exitCode ?? -1), "\(hostile): \(restore)")
            #expect(hostile.mentions.contains { restore.standardError.contains($0) }, "\(hostile): unclear message: \(restore)")
            expectSameTree(TreeFiles.read(rig.root), local, "\(hostile): local files changed")
            expectSameTree(Self.everythingOutsideHome(rig), before, "\(hostile): files appeared or changed outside the roots")
            #expect(rig.sentinelIntact, "\(hostile): the sentinel folder changed")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/agent-backup-evil.txt"))
            #expect(rig.workAreaLeftovers().isEmpty)
        }
        try await store.close()
    }

    /// Every file in the rig's folder but HOME (where caches and logs may change), with contents.
    static func everythingOutsideHome(_ rig: ReliabilityRig) -> [String: [UInt8]] {
        TreeFiles.read(rig.directory.path).filter { !$0.key.hasPrefix("home/") }
    }
}
