import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// One repository conformance check's world: a fresh in-memory store, local folders for the
/// files written and read, and the layout's opener. Layout tests use it too.
public final class RepositoryWorld: Sendable {
    public let store = InMemoryObjectStore()
    public let files: TemporaryDirectory
    public let scratch: TemporaryDirectory
    public let opener: any SnapshotRepositoryOpener
    public let hasher: any ContentHasher

    public init(factory: RepositoryConformance.Factory, hasher: any ContentHasher) throws {
        files = try TemporaryDirectory(prefix: "repository-files")
        scratch = try TemporaryDirectory(prefix: "repository-scratch")
        opener = factory(store)
        self.hasher = hasher
    }

    public func repository() async throws -> any SnapshotRepository {
        try await opener.open(scratch: scratch.path, forWriting: true)
    }

    /// A regular snapshot named after day `day` of January 2026.
    public static func ref(_ day: Int) -> SnapshotRef {
        .regular(try! SnapshotID(parsing: String(format: "2026-01-%02dT00-00-00-000Z", day)))
    }

    /// Stores `contents` (virtual path → bytes) into `ref`, reusing `reused` paths from
    /// `previous`; commits unless `commit` is false. Returns the manifest.
    @discardableResult
    public func write(
        _ contents: [String: [UInt8]], as ref: SnapshotRef, previous: PreviousSnapshot? = nil,
        reused: [VirtualPath: ManifestEntry] = [:], commit: Bool = true
    ) async throws -> Manifest {
        let repository = try await repository()
        let writer = try await repository.beginSnapshot(ref, previous: previous)
        var entries = reused
        for (path, bytes) in contents.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            let local = try files.write(bytes, to: "src/\(UUID().uuidString)")
            let digest = hasher.digest(of: bytes)
            let entry = ManifestEntry(hash: digest.sha256, size: digest.size)
            let status = FileStatus(kind: .regular, size: Int64(bytes.count), mtimeNs: 1_000_000_000, ctimeNs: 1_000_000_000, inode: 1)
            let virtual = try VirtualPath(path)
            entries[virtual] = try await writer.store(virtual, from: LocalSource(path: local, expected: entry, isStable: true, status: status))
        }
        for (path, entry) in reused {
            try RepositoryConformance.require(try await writer.reuse(path, entry: entry), "reuse of \(path) was refused")
        }
        let manifest = Manifest(snapshot: ref.id, files: entries)
        if commit {
            _ = try await writer.commit(manifest, metadata: [:])
        }
        return manifest
    }

    /// Reads every file of `ref` back: path → bytes, or the error the reader reported.
    public func readAll(_ ref: SnapshotRef) async throws -> [VirtualPath: Result<[UInt8], any Error>] {
        let repository = try await repository()
        let manifest = try await repository.manifest(of: ref)
        let reader = try await repository.reader(for: ref, manifest: manifest)
        var requests: [FileToRead] = []
        for (path, entry) in manifest.files {
            let destination = files.path("out/\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: files.path("out"), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: destination, contents: nil)
            requests.append(FileToRead(path: path, entry: entry, destination: destination))
        }
        let results = Locked([VirtualPath: Result<[UInt8], any Error>]())
        try await reader.read(requests, concurrency: 4) { file, result in
            let bytes = result.map { _ in [UInt8](FileManager.default.contents(atPath: file.destination) ?? Data()) }
            results.withLock { $0[file.path] = bytes }
        }
        return results.withLock { $0 }
    }

    /// Every listed snapshot (regular and safety) reads back whole; throws naming the first that does not.
    public func everyListedSnapshotReads() async throws {
        let catalog = try await repository().catalog()
        for ref in catalog.regular + catalog.safety {
            for (path, result) in try await readAll(ref) {
                if case .failure(let error) = result {
                    throw RepositoryViolation(message: "listed snapshot \(ref) cannot read \(path): \(error)")
                }
            }
        }
    }
}
