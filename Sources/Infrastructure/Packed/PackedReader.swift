import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// Reads files of one packed snapshot: plans ranged GETs by pack (`ReadPlan`), runs them in
/// parallel, opens and hash-checks every blob, writes it at its place in every file that needs
/// it, and reports a file done once its whole SHA-256 matches the snapshot's.
final class PackedReader: SnapshotReader, @unchecked Sendable {
    private let context: PackedContext
    private let ref: SnapshotRef
    private let document: SnapshotDocument
    private let index: PackedIndex
    private let filesByPath: [VirtualPath: SnapshotFile]

    init(context: PackedContext, ref: SnapshotRef, document: SnapshotDocument, index: PackedIndex) {
        self.context = context
        self.ref = ref
        self.document = document
        self.index = index
        var byPath: [VirtualPath: SnapshotFile] = [:]
        for file in document.files {
            byPath[file.path] = file
        }
        filesByPath = byPath
    }

    func metadata(of path: VirtualPath) -> FileMetadata? {
        filesByPath[path]?.metadata
    }

    func read(
        _ files: [FileToRead], concurrency: Int,
        done: @escaping @Sendable (FileToRead, Result<ContentDigest, any Error>) -> Void
    ) async throws {
        var progress: [FileAssembly] = []
        var blobLists: [[BlobID]] = []
        for file in files {
            guard let stored = filesByPath[file.path], stored.entry.hash == file.entry.hash else {
                done(file, .failure(RepositoryError(.integrity, "\(file.path) with hash \(file.entry.hash) is not in this snapshot", files: [context.keys.snapshot(ref)])))
                continue
            }
            progress.append(FileAssembly(file: file, stored: stored))
            blobLists.append(stored.blobs)
        }
        let plan = ReadPlan(files: blobLists, index: index)
        for (position, assembly) in progress.enumerated() {
            if let blob = plan.missing[position] {
                report(assembly, .failure(RepositoryError(.integrity, "\(assembly.file.path) needs blob \(blob), which no pack of the index holds: the repository is damaged; run `agent-backup verify`", files: [context.keys.snapshot(ref)])), done)
            } else if assembly.stored.blobs.isEmpty {
                report(assembly, assembly.finishEmpty(), done)
            }
        }
        let assemblies = progress
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = plan.requests.makeIterator()
            for _ in 0..<max(1, concurrency) {
                guard let request = pending.next() else { break }
                group.addTask { try await self.run(request, assemblies, done) }
            }
            while try await group.next() != nil {
                if let request = pending.next() { group.addTask { try await self.run(request, assemblies, done) } }
            }
        }
    }

    /// One ranged GET and the blobs it serves. Store failures fail the files that needed them;
    /// only cancellation and refused credentials stop the whole read.
    private func run(_ request: RangeRequest, _ progress: [FileAssembly], _ done: @escaping @Sendable (FileToRead, Result<ContentDigest, any Error>) -> Void) async throws {
        let key = context.keys.pack(request.pack)
        let bytes: [UInt8]
        do {
            bytes = try await context.store.get(key: key, range: request.start..<request.end)
            guard Int64(bytes.count) == request.end - request.start else {
                throw RepositoryError.damagedObject(key, "it ends at byte \(request.start + Int64(bytes.count)), before the blobs its index entry lists (up to \(request.end))")
            }
        } catch let error as StoreError where error.code == .notFound {
            // The index names the pack: its absence is damage (exit 3), not a store failure.
            let missing = RepositoryError.damagedObject(key, "it does not exist, though the index names it")
            for blob in request.blobs { fail(blob.targets, missing, progress, done) }
            return
        } catch {
            try Self.rethrowIfFatal(error)
            for blob in request.blobs { fail(blob.targets, error, progress, done) }
            return
        }
        for blob in request.blobs {
            let from = Int(Int64(blob.entry.offset) - request.start)
            do {
                let plaintext = try context.openBlob(bytes[from..<from + Int(blob.entry.storedLength)], entry: blob.entry, pack: key)
                for target in blob.targets {
                    report(progress[target.file], progress[target.file].deliver(plaintext, at: target), done)
                }
            } catch {
                fail(blob.targets, error, progress, done)
            }
        }
    }

    private func fail(_ targets: [BlobTarget], _ error: any Error, _ progress: [FileAssembly], _ done: @escaping @Sendable (FileToRead, Result<ContentDigest, any Error>) -> Void) {
        for target in targets { report(progress[target.file], progress[target.file].fail(error), done) }
    }

    private func report(_ assembly: FileAssembly, _ outcome: Result<ContentDigest, any Error>?, _ done: (FileToRead, Result<ContentDigest, any Error>) -> Void) {
        if let outcome { done(assembly.file, outcome) }
    }

    static func rethrowIfFatal(_ error: any Error) throws {
        if error is CancellationError { throw error }
        if let store = error as? StoreError, store.code == .credentialsRejected || store.code == .accessDenied { throw error }
    }
}
