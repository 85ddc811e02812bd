import Foundation
import Testing
import AgentBackup
@testable import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import AgentBackupInfrastructure

/// Opens a `migrate` destination of the layout under test over the store: (store, prefix,
/// passphrase — nil for an unencrypted destination). The migration checks take one, so they run
/// on every layout: `MigrationChecks(destinations: MigrationLayouts.reference)`.
typealias MigrationDestinationFactory = @Sendable (InMemoryObjectStore, String, String?) -> any SnapshotRepositoryOpener

enum MigrationLayouts {
    static let reference: MigrationDestinationFactory = { store, prefix, passphrase in
        ReferenceRepositoryOpener(store: store, codec: passphrase.map { EncryptingCodec(passphrase: $0) as any ContentCodec } ?? PlainCodec(),
                                  hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(), prefix: prefix)
    }

    /// The source side is always the reference layout of `EngineHarness` (prefix `test-backup`).
    static func source(_ store: InMemoryObjectStore, encrypted: Bool, prefix: String = "test-backup") -> any SnapshotRepositoryOpener {
        reference(store, prefix, encrypted ? testPassphrase : nil)
    }
}

/// Reads whole repositories to compare them.
struct RepositoryContents {
    let scratch: TemporaryDirectory

    init() throws {
        scratch = try TemporaryDirectory(prefix: "migration-read")
    }

    /// Every file of `ref`: path → bytes; throws naming a file that does not read.
    func files(of ref: SnapshotRef, in opener: any SnapshotRepositoryOpener) async throws -> [VirtualPath: [UInt8]] {
        let repository = try await opener.open(scratch: scratch.path, forWriting: false)
        let manifest = try await repository.manifest(of: ref)
        let reader = try await repository.reader(for: ref, manifest: manifest)
        var requests: [FileToRead] = []
        for (path, entry) in manifest.files {
            let destination = scratch.path("out-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: destination, contents: nil)
            requests.append(FileToRead(path: path, entry: entry, destination: destination))
        }
        let results = Locked([VirtualPath: Result<[UInt8], any Error>]())
        try await reader.read(requests, concurrency: 4) { file, result in
            let bytes = result.map { _ in [UInt8](FileManager.default.contents(atPath: file.destination) ?? Data()) }
            try? FileManager.default.removeItem(atPath: file.destination)
            results.withLock { $0[file.path] = bytes }
        }
        var files: [VirtualPath: [UInt8]] = [:]
        for (path, result) in results.withLock({ $0 }) {
            files[path] = try result.get()
        }
        return files
    }

    /// Same snapshots (regular and safety), and each the same manifest and the same bytes.
    func expectSameHistory(
        _ destination: any SnapshotRepositoryOpener, as source: any SnapshotRepositoryOpener, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let theirs = try await destination.open(scratch: scratch.path, forWriting: false)
        let ours = try await source.open(scratch: scratch.path, forWriting: false)
        let expected = try await ours.catalog()
        let actual = try await theirs.catalog()
        #expect(actual.regular == expected.regular, sourceLocation: sourceLocation)
        #expect(actual.safety == expected.safety, sourceLocation: sourceLocation)
        for ref in expected.regular + expected.safety {
            #expect(try await theirs.manifest(of: ref) == (try await ours.manifest(of: ref)), "\(ref)", sourceLocation: sourceLocation)
            let want = try await files(of: ref, in: source)
            let got = try await files(of: ref, in: destination)
            #expect(got == want, "\(ref)", sourceLocation: sourceLocation)
        }
    }
}

extension EngineHarness {
    /// A history of four regular snapshots and one safety snapshot: added, changed, deleted and
    /// unchanged files, a file larger than a migrate batch's share, an empty file, and two names
    /// that differ only in Unicode normalization (two files).
    func buildHistory() async throws {
        try write("config/settings.json", #"{"v":1}"#)
        try write("data/a.txt", "a\n")
        try write("data/empty.txt", "")
        try write("data/caf\u{E9}.md", "precomposed")
        try write("data/cafe\u{301}.md", "decomposed")
        try await push()
        try write("config/settings.json", #"{"v":2}"#)
        try writeBytes("data/big.bin", (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) })
        try await push()
        try remove("data/a.txt")
        try write("data/sessions/s1.jsonl", "{\"turn\":1}\n")
        try await push()
        try write("data/sessions/s1.jsonl", "local edit\n")
        try await restore()  // a safety snapshot of the local edit first
        try write("data/sessions/s1.jsonl", "{\"turn\":1}\n{\"turn\":2}\n")
        try await push()
    }

    /// `migrate` from this harness's prefix (a fresh engine, as a new process) into `destination`.
    func migrate(to destination: any SnapshotRepositoryOpener) async throws -> MigrateSummary {
        clock.advance(by: 5)
        return try await engine().migrate(to: destination)
    }

    /// A copy of every object of the store, keys byte-exact.
    func storeCopy() -> InMemoryObjectStore {
        let copy = InMemoryObjectStore()
        for key in store.keys {
            copy.setData(store.data(for: key)!, for: key, contentType: store.contentType(for: key) ?? "application/octet-stream")
        }
        return copy
    }

    /// Every object under `prefix/`: key after the prefix (bytes) → object bytes.
    func objects(under prefix: String) -> [[UInt8]: [UInt8]] {
        var result: [[UInt8]: [UInt8]] = [:]
        let start = Array((prefix + "/").utf8)
        for key in store.keys where key.utf8.starts(with: start) {
            result[Array(key.utf8.dropFirst(start.count))] = store.data(for: key)
        }
        return result
    }
}
