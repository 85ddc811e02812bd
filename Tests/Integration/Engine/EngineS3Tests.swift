import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// The engine against a real S3 server (SeaweedFS from `scripts/test`).
@Suite struct EngineS3Tests {
    func populate(_ world: EngineIntegrationWorld) throws {
        try world.write("config/settings.json", #"{"temperature":0.2}"#)
        try world.write("config/My Notes ü 日本.md", "# notes\n")
        try world.write("config/notes/Draft (v2) it's *final*! a+b=c&d.md", "draft\n")
        try world.write("data/notes/ümlaut ünïcödé 📝.txt", "emoji\n")
        try world.write("data/empty.txt", "")
        try world.write("data/sessions/s1.jsonl", String(repeating: "{\"line\":1}\n", count: 500))
        try world.directory.write((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }, to: "data/blobs/big.bin")
    }

    /// (b) A bucket we write is read by an independent decoder (Python `cryptography` +
    /// `hashlib.scrypt`, no shared code): every object opens and every hash matches our manifest.
    @Test(arguments: [true, false])
    func bucketWeWriteIsAcceptedByTheIndependentDecoder(encrypted: Bool) async throws {
        try await withEngineWorld("independent-\(encrypted)") { world in
            let python = try world.environment.requirePython()
            try populate(world)
            let summary = try await world.engine(prefix: "p", encrypted: encrypted).push(world.target())
            let id = try #require(summary.snapshot)
            // Download the snapshot's objects as they are stored.
            let folder = "\(world.root)/p/\(id)/"
            let keys = try await world.client.listAll(prefix: folder).objects.map(\.key)
            #expect(keys.count == summary.files + 1)
            for key in keys {
                let local = world.directory.path("stored/" + key.dropFirst(folder.count))
                try FileManager.default.createDirectory(atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try await world.client.get(key: key, toFile: local)
            }
            var arguments = [try EngineChildProcess.decoderScript(), "--passphrase-env", "ENGINE_IT_PASSPHRASE", "--json",
                             "--out", world.directory.path("opened"), world.directory.path("stored")]
            if !encrypted { arguments.insert("--plain", at: 1) }
            let result = try EngineChildProcess.run(python, arguments, environment: ["ENGINE_IT_PASSPHRASE": EngineIntegrationWorld.passphrase])
            #expect(result.status == 0, "\(result.stderr)")
            let decoded = try JSONDecoder().decode([String: DecodedObject].self, from: Data(result.stdout.utf8))
            // The manifest as Python decrypted it is our manifest; every file's hash and size match it.
            let manifestBytes = try #require(world.read("opened/manifest.json"))
            #expect(manifestBytes == world.read("cache/manifest.json"))
            let manifest = try Manifest.decode(manifestBytes)
            #expect(manifest.files.count == summary.files)
            for (path, entry) in manifest.files {
                let object = try #require(decoded[path.string], "\(path) missing from the decoder's output")
                #expect(object.sha256 == entry.hash, "\(path)")
                #expect(object.size == entry.size, "\(path)")
                #expect(world.read("opened/" + path.string) == world.read(path.string), "\(path)")
            }
        }
    }

    struct DecodedObject: Decodable {
        var sha256: String
        var size: Int64
    }

    /// (e) A flipped byte in one stored object: restore fails with an integrity error naming the
    /// file, and the local file is untouched.
    @Test func flippedByteIsAnIntegrityErrorAndTheLocalFileIsUntouched() async throws {
        try await withEngineWorld("flipped") { world in
            try populate(world)
            let pushed = try await world.engine(prefix: "p").push(world.target())
            let key = "\(world.root)/p/\(pushed.snapshot!)/data/sessions/s1.jsonl"
            var stored = try await world.client.get(key: key, maxBytes: 1 << 20)
            stored[stored.count / 2] ^= 0x01
            try await world.client.put(key: key, body: .bytes(stored), contentType: "application/octet-stream")
            try world.write("data/sessions/s1.jsonl", "local state\n")
            try world.write("config/settings.json", "local settings\n")
            let error = await #expect(throws: EngineError.self) {
                _ = try await world.engine(prefix: "p").restore(world.target(), options: RestoreOptions(skipSafety: true))
            }
            #expect(error?.kind == .integrity)
            #expect(error?.kind.exitCode == 3)
            #expect(error?.files == ["data/sessions/s1.jsonl"])
            #expect(world.read("data/sessions/s1.jsonl") == Array("local state\n".utf8))
            #expect(world.read("config/settings.json") == Array("local settings\n".utf8))
            #expect(!world.files(under: "data").contains { $0.contains(".agent-backup-partial-") })
            let verify = await #expect(throws: EngineError.self) { _ = try await world.engine(prefix: "p").verify(snapshot: nil) }
            #expect(verify?.files == ["data/sessions/s1.jsonl"])
        }
    }

    /// (f) A manifest with `../../x`: refused (integrity), nothing written outside the roots or in them.
    @Test func traversalManifestIsRefusedAndNothingIsWrittenOutsideTheRoots() async throws {
        try await withEngineWorld("traversal") { world in
            try world.write("config/settings.json", "local\n")
            let escape = "x-\(UInt32.random(in: 0...UInt32.max))"
            let id = "2999-01-01T00-00-00-000Z"
            let codec = Codecs.encrypting(passphrase: EngineIntegrationWorld.passphrase)
            let evil = Array("evil\n".utf8)
            let hash = OpenSSLHasher().digest(of: evil).sha256
            let manifest = Manifest(timestamp: "2999-01-01T00:00:00.000Z", files: [
                VirtualPath(unchecked: "data/../../\(escape)"): ManifestEntry(hash: hash, size: 5),
                VirtualPath(unchecked: "config/settings.json"): ManifestEntry(hash: hash, size: 5),
            ])
            let base = "\(world.root)/p/\(id)/"
            // (S3 servers refuse to store a key with `..` segments; the manifest alone must be refused.)
            try await world.client.put(key: base + "config/settings.json", body: .bytes(try codec.encode(evil)), contentType: "application/octet-stream")
            try await world.client.put(key: base + "manifest.json", body: .bytes(try codec.encode(manifest.encoded())), contentType: "application/octet-stream")
            let error = await #expect(throws: EngineError.self) {
                _ = try await world.engine(prefix: "p").restore(world.target(), options: RestoreOptions())
            }
            #expect(error?.kind == .integrity)
            #expect(error?.message.contains("..") == true)
            #expect(!FileManager.default.fileExists(atPath: world.directory.path(escape)))
            #expect(!FileManager.default.fileExists(atPath: world.directory.path + "/../" + escape))
            #expect(world.read("config/settings.json") == Array("local\n".utf8))
            let safety = try await world.client.listAll(prefix: "\(world.root)/p/safety-").objects
            #expect(safety.isEmpty)
        }
    }
}
