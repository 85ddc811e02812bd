import AgentBackupDomain
import AgentBackupPorts

extension ReferenceRepository {
    /// The whole-repository check of the reference layout: one listing of the prefix, every
    /// snapshot's manifest opened, every file object a manifest names present; with a read-data
    /// share, that share of the file objects (chosen by the seed per object key) downloaded,
    /// decoded and hash-checked. Objects no manifest names are noted, not counted as damage.
    public func check(_ depth: RepositoryCheckDepth, scratch: String) async throws -> RepositoryCheckReport {
        var report = RepositoryCheckReport()
        let stored = try await storedKeys()
        let catalog = try await catalog()
        report.notes += catalog.incomplete.map { "\(keys.root)\($0)/ has no manifest (an interrupted push; prune removes it)" }
        var selected: [(SnapshotRef, Manifest, [VirtualPath])] = []
        for ref in catalog.regular + catalog.safety {
            let manifest: Manifest
            do {
                manifest = try await self.manifest(of: ref)
            } catch {
                try Self.rethrowIfFatal(error)
                report.problems.append("snapshot \(ref): its manifest does not open: \(error)")
                continue
            }
            report.snapshots += 1
            var chosen: [VirtualPath] = []
            for path in manifest.order {
                let key = keys.file(path, in: ref)
                guard stored.contains(Array(key.utf8)) else {
                    report.problems.append("snapshot \(ref): \(DisplayName.quoted(path.string)) is missing (no object \(DisplayName.of(key)))")
                    continue
                }
                report.dataObjects += 1
                if depth.selects(Self.word(of: key)) { chosen.append(path) }
            }
            if !chosen.isEmpty { selected.append((ref, manifest, chosen)) }
        }
        for (ref, manifest, paths) in selected {
            try await readBack(paths, of: ref, manifest: manifest, scratch: scratch, report: &report)
        }
        return report
    }

    /// Every key under the prefix, by its bytes (names are bytes: two keys Unicode calls equal
    /// are two objects).
    private func storedKeys() async throws -> Set<[UInt8]> {
        do {
            return Set(try await store.listAll(prefix: keys.root).objects.map { Array($0.key.utf8) })
        } catch {
            throw RepositoryError.wrapping(error, context: "Listing \(keys.root) in \(store.displayName)")
        }
    }

    /// Downloads `paths` of `ref` through the reader (decoded, hash-checked) into scratch files
    /// removed as each completes; a file that does not verify is a problem naming it.
    private func readBack(
        _ paths: [VirtualPath], of ref: SnapshotRef, manifest: Manifest, scratch: String, report: inout RepositoryCheckReport
    ) async throws {
        var files: [FileToRead] = []
        defer { for file in files { try? fileSystem.remove(file.destination) } }
        for path in paths {
            files.append(FileToRead(path: path, entry: manifest.files[path]!, destination: try fileSystem.makeTemporaryFile(in: scratch, prefix: "check-")))
        }
        let outcomes = Locked([(VirtualPath, (any Error)?, Int64)]())
        let fileSystem = self.fileSystem
        try await reader(for: ref, manifest: manifest).read(files, concurrency: settings.listingConcurrency) { file, result in
            try? fileSystem.remove(file.destination)
            switch result {
            case .success(let digest): outcomes.withLock { $0.append((file.path, nil, digest.size)) }
            case .failure(let error): outcomes.withLock { $0.append((file.path, error, 0)) }
            }
        }
        for (path, error, bytes) in outcomes.withLock({ $0 }) {
            report.dataObjectsRead += 1
            report.bytesRead += bytes
            guard let error else {
                report.filesRead += 1
                continue
            }
            try Self.rethrowIfFatal(error)
            report.problems.append("snapshot \(ref): \(DisplayName.quoted(path.string)): \(error)")
        }
    }

    /// What stops a check rather than being reported as damage: the store or this machine failing.
    static func rethrowIfFatal(_ error: any Error) throws {
        if error is CancellationError || error is FileSystemError { throw error }
        if let store = error as? StoreError, [.credentialsRejected, .accessDenied, .transient, .localIO].contains(store.code) { throw error }
        if let repository = error as? RepositoryError, repository.kind == .failed { throw error }
    }

    /// FNV-1a of the key's bytes: which objects a read-data share picks (not a security choice).
    static func word(of key: String) -> UInt64 {
        key.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
