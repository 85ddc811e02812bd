import AgentBackupDomain
import AgentBackupPorts

extension Migrator {
    /// Writes `ref` into the destination with the source's manifest (same id, timestamp and
    /// files): files unchanged since `previous` are reused, the rest read from the source in
    /// batches and stored, the manifest committed last with the metadata the source kept.
    func copy(
        _ ref: SnapshotRef, manifest: Manifest, previous: PreviousSnapshot?,
        from source: any SnapshotRepository, to destination: any SnapshotRepository, batches: FileBatches
    ) async throws -> MigrateSummary.Snapshot {
        let paths: [VirtualPath]
        do {
            paths = try manifest.validatedPaths()
        } catch {
            throw EngineError.wrapping(error, context: "The manifest of \(ref) in \(source.displayName) is not valid")
        }
        let writer: any SnapshotWriter
        let reader: any SnapshotReader
        do {
            writer = try await destination.beginSnapshot(ref, previous: previous)
            reader = try await source.reader(for: ref, manifest: manifest)
        } catch {
            throw EngineError.wrapping(error, context: "Starting to copy snapshot \(ref)")
        }
        context.progress.report(.phase(name: "migrate \(ref)", totalFiles: paths.count, totalBytes: manifest.totalSize))
        let reused = try await reuse(paths, of: manifest, previous: previous, writer: writer, ref: ref)
        let toStore = paths.filter { !reused.contains($0) }
        try await batches.read(toStore, manifest: manifest, from: reader, what: "Reading snapshot \(ref) from \(source.displayName)",
                               progress: context.progress) { files in
            try await store(files, writer: writer, ref: ref)
        }
        var metadata: [VirtualPath: FileMetadata] = [:]
        for path in paths {
            if let kept = reader.metadata(of: path) { metadata[path] = kept }
        }
        do {
            _ = try await writer.commit(manifest, metadata: metadata)
        } catch {
            throw EngineError.wrapping(error, context: "Writing the manifest of \(ref) in \(destination.displayName)")
        }
        return MigrateSummary.Snapshot(snapshot: ref.description, outcome: .copied, files: paths.count, stored: toStore.count,
                                       reused: reused.count, bytes: manifest.totalSize)
    }

    /// The paths carried from `previous` (same path, same hash) without sending their bytes.
    private func reuse(
        _ paths: [VirtualPath], of manifest: Manifest, previous: PreviousSnapshot?, writer: any SnapshotWriter, ref: SnapshotRef
    ) async throws -> Set<VirtualPath> {
        guard let previous else { return [] }
        let candidates = paths.filter { previous.manifest.files[$0]?.hash == manifest.files[$0]!.hash }
        let progress = context.progress
        let carried = try await concurrentMap(candidates, limit: context.configuration.transferConcurrency) { path -> Bool in
            let entry = manifest.files[path]!
            do {
                guard try await writer.reuse(path, entry: entry) else { return false }
            } catch {
                throw EngineError.wrapping(error, context: "Carrying \(path) into \(ref)", file: path.string)
            }
            progress.report(.fileDone(path: path.string, bytes: entry.size))
            return true
        }
        return Set(zip(candidates, carried).filter(\.1).map(\.0))
    }

    /// Stores one batch of files read from the source; the destination must record the bytes
    /// the source's manifest names (they are private copies nobody changes).
    private func store(_ files: [FetchedFile], writer: any SnapshotWriter, ref: SnapshotRef) async throws {
        let fileSystem = context.fileSystem
        _ = try await concurrentMap(files, limit: context.configuration.transferConcurrency) { file -> Bool in
            let stored: ManifestEntry
            do {
                guard let status = try fileSystem.status(file.local) else {
                    throw EngineError(.failed, "\(file.path): its temporary copy \(file.local) disappeared; another process may be cleaning the cache folder")
                }
                let expected = ManifestEntry(hash: file.digest.sha256, size: file.digest.size)
                stored = try await writer.store(file.path, from: LocalSource(path: file.local, expected: expected, isStable: true, status: status))
            } catch {
                throw EngineError.wrapping(error, context: "Storing \(file.path) of \(ref)", file: file.path.string)
            }
            guard stored.hash == file.entry.hash else {
                throw EngineError(.integrity, "\(file.path) of \(ref): the destination stored bytes with SHA-256 \(stored.hash), the manifest says \(file.entry.hash)",
                                  files: [file.path.string])
            }
            return true
        }
    }

    /// Reads every file of `ref` back from the destination (authenticated and hash-checked by
    /// its reader) after checking its manifest is the source's. Returns the files checked.
    func verify(_ ref: SnapshotRef, manifest: Manifest, in destination: any SnapshotRepository, batches: FileBatches) async throws -> Int {
        let written = try await self.manifest(of: ref, in: destination)
        guard written == manifest else {
            throw EngineError(.integrity, "Snapshot \(ref) in \(destination.displayName) does not have the source's manifest: it was changed while migrating, or the destination is damaged.")
        }
        let paths = manifest.sortedPaths
        let reader: any SnapshotReader
        do {
            reader = try await destination.reader(for: ref, manifest: written)
        } catch {
            throw EngineError.wrapping(error, context: "Verifying snapshot \(ref) in \(destination.displayName)")
        }
        context.progress.report(.phase(name: "verify \(ref)", totalFiles: paths.count, totalBytes: manifest.totalSize))
        try await batches.read(paths, manifest: written, from: reader, what: "Verifying snapshot \(ref) in \(destination.displayName)",
                               progress: context.progress) { files in
            for file in files where file.digest.sha256 != file.entry.hash {
                throw EngineError(.integrity, "\(file.path) of \(ref) in \(destination.displayName) reads back with SHA-256 \(file.digest.sha256), the manifest says \(file.entry.hash)",
                                  files: [file.path.string])
            }
        }
        return paths.count
    }
}
