import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation

/// `packed-vectors DIR`: writes the test vectors of docs/FORMAT.md section 10 (run once; the
/// output is committed under Tests/Fixtures/data/packed): two small repositories, encrypted and
/// plain, in local folder stores (`DIR/repository-encrypted/vectors/…`, `DIR/repository-plain/…`),
/// with chunk sizes scaled down so small files cut into several chunks, two snapshots each, and
/// `DIR/expected.json` listing every snapshot's files and SHA-256.
struct PackedVectors {
    static let passphrase = "correct horse battery staple"
    var directory: String

    init(arguments: [String]) throws {
        guard arguments.count == 1 else { throw BenchError("usage: agent-backup-bench packed-vectors DIR") }
        directory = arguments[0]
    }

    static func files(snapshot: Int) -> [String: [UInt8]] {
        var transcript = ""
        for line in 0..<(snapshot == 1 ? 2500 : 2600) {
            transcript += #"{"turn":\#(line),"role":"\#(line % 2 == 0 ? "user" : "assistant")","text":"line \#(line * 7919 % 1000) of a session"}"# + "\n"
        }
        var database = Array("SQLite format 3".utf8) + [0]
        for page in 0..<6 { database += Array(String(repeating: "page \(page) row \(snapshot == 2 && page == 3 ? "changed" : "same") ", count: 900).utf8.prefix(16384 - (page == 0 ? 16 : 0))) }
        var files: [String: [UInt8]] = [
            "data/hello.txt": Array("hello, packed world\n".utf8),
            "data/copy of hello.txt": Array("hello, packed world\n".utf8),
            "data/empty.txt": [],
            "data/sessions/s1.jsonl": Array(transcript.utf8),
            "data/state.db": database,
            "config/ünïcödé 📝.json": Array(#"{"ключ": "値", "snapshot": \#(snapshot)}"#.utf8),
        ]
        if snapshot == 2 { files["data/copy of hello.txt"] = nil }
        return files
    }

    func run() async throws {
        var expected: [String: [String: [String: String]]] = [:]
        for (name, passphrase) in [("repository-encrypted", Self.passphrase as String?), ("repository-plain", nil)] {
            let store = try LocalDirectoryStore(directory: directory, bucket: name)
            let settings = PackedRepositorySettings(prefix: "vectors", passphrase: passphrase, cacheFolder: nil, transfers: 1, host: "vectors")
            let chunker = ChunkerParameters(key: Array(SHA256Digest.hash(Array("vectors".utf8))), minSize: 4096, averageSize: 16384, maxSize: 65536, sqlitePageChunk: 16384)
            let repository = try await PackedRepository.create(store: store, settings: settings, clock: SystemClock(), chunker: chunker, packSize: 64 << 10)
            var previous: PreviousSnapshot? = nil
            for snapshot in 1...2 {
                let ref = SnapshotRef.regular(try SnapshotID(parsing: "2026-02-1\(snapshot)T10-04-05-123Z"))
                let writer = try await repository.beginSnapshot(ref, previous: previous)
                var entries: [VirtualPath: ManifestEntry] = [:]
                var metadata: [VirtualPath: FileMetadata] = [:]
                for (path, bytes) in Self.files(snapshot: snapshot).sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                    let local = NSTemporaryDirectory() + "/vector-\(UUID().uuidString)"
                    _ = FileManager.default.createFile(atPath: local, contents: Data(bytes))
                    defer { try? FileManager.default.removeItem(atPath: local) }
                    let virtual = try VirtualPath(path)
                    entries[virtual] = try await writer.store(virtual, from: LocalSource(
                        path: local, expected: ManifestEntry(hash: SHA256Digest.hex(bytes), size: Int64(bytes.count)), isStable: true,
                        status: FileStatus(kind: .regular, size: Int64(bytes.count), mtimeNs: 0, ctimeNs: 0, inode: 0)))
                    metadata[virtual] = FileMetadata(mode: path.hasSuffix(".db") ? 0o600 : 0o644, mtimeNs: 1_770_631_445_123_000_000 + Int64(snapshot))
                    expected[ref.description, default: [:]][path] = ["sha256": SHA256Digest.hex(bytes), "size": String(bytes.count)]
                }
                let manifest = Manifest(snapshot: ref.id, files: entries)
                _ = try await writer.commit(manifest, metadata: metadata)
                previous = PreviousSnapshot(ref: ref, manifest: manifest)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(expected).write(to: URL(fileURLWithPath: directory + "/expected.json"))
        try Data("""
            Test vectors of docs/FORMAT.md section 10, written by `agent-backup-bench packed-vectors`.
            repository-encrypted/ and repository-plain/ are local folder stores (bucket folders); the
            repository prefix is `vectors`. The encrypted one's passphrase: \(Self.passphrase)
            expected.json: snapshot -> path -> {sha256, size}. Chunker sizes 4/16/64 KiB, 16 KiB
            database chunks, 64 KiB packs (config records them).

            """.utf8).write(to: URL(fileURLWithPath: directory + "/README.txt"))
    }
}
