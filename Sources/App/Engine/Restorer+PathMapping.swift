import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// "Map the plan": the step of a restore with `--map` / `--map-home` between reading the
    /// manifest and planning. It resolves the mappings (the snapshot's recorded home for
    /// `--map-home`), reads the adapter's small index files to learn which paths the encoded
    /// names stand for, plans every rename and refuses collisions (nothing is written then).
    /// Nil when no mapping was asked for.
    func mapPaths(
        _ manifest: Manifest, ref: SnapshotRef, target: BackupTarget, options: RestoreOptions,
        work: WorkArea, repository: any SnapshotRepository
    ) async throws -> MappedSnapshot? {
        guard let mapper = try mapper(for: options, manifest: manifest, ref: ref) else { return nil }
        let paths: [VirtualPath]
        do {
            paths = try manifest.validatedPaths()
        } catch {
            throw EngineError.wrapping(error, context: "Refusing to restore \(ref)")
        }
        let rewriter = mapper.isEmpty ? nil : target.pathRewriter
        var known: [[UInt8]] = []
        if let rewriter, Self.anyEncodedName(paths, rules: target.pathNames) {
            let indexes = paths.filter { rewriter.isIndex(virtualPath: $0.string) }
            known = try await knownPaths(in: indexes, manifest: manifest, ref: ref, rewriter: rewriter, work: work, repository: repository)
        }
        let hasher = context.hasher
        let plan = PathMappingPlan(
            paths: paths, rules: target.pathNames, holdsPaths: { rewriter?.holdsPaths(virtualPath: $0.string) == true },
            mapper: mapper, knownPaths: known, sha256: { hasher.digest(of: $0).sha256Bytes })
        guard plan.collisions.isEmpty else {
            let named = plan.collisions.prefix(20).map { "\($0.sources.joined(separator: " and ")) would all become \($0.target)" }
            throw EngineError(.failed,
                "Refusing to restore \(ref) with \(mapper.mappings.map(\.description).joined(separator: ", ")): "
                + "\(plan.collisions.count) renamed path(s) collide and nothing is overwritten; nothing was written. "
                + named.joined(separator: "; ") + ". Restore without the mapping, or into a folder (--target) to look at both.",
                files: plan.collisions.flatMap(\.sources))
        }
        for unmapped in plan.unmapped { context.logger.warning("\(unmapped.path): \(unmapped.reason)") }
        return MappedSnapshot(plan: plan, mapper: mapper, manifest: manifest)
    }

    /// The mappings of `options`: every `--map`, and `--map-home` as the snapshot's recorded
    /// home to this machine's. Nil when none was asked for.
    private func mapper(for options: RestoreOptions, manifest: Manifest, ref: SnapshotRef) throws -> PathMapper? {
        guard !options.pathMappings.isEmpty || options.mapHomeTo != nil else { return nil }
        var mappings = options.pathMappings
        if let home = options.mapHomeTo {
            guard let origin = manifest.origin else {
                throw EngineError(.configuration,
                    "Snapshot \(ref) does not record the home folder it was taken in (it was pushed by the reference engine "
                    + "or by an agent-backup older than --map-home), so --map-home cannot know what to map: "
                    + "name the old home with --map, e.g. --map /home/alice=\(home).")
            }
            do {
                mappings.append(try PathMapping(from: origin.home, to: home))
            } catch let error as DomainError {
                throw EngineError(.configuration, "--map-home: the snapshot's home \(origin.home) or this machine's \(home) cannot be mapped: \(error.message)")
            }
        }
        do {
            return try PathMapper(mappings)
        } catch let error as DomainError {
            throw EngineError(.configuration, error.message)
        }
    }

    /// True when some snapshot file lies in a folder whose entries are encoded paths.
    private static func anyEncodedName(_ paths: [VirtualPath], rules: [PathNameRule]) -> Bool {
        let folders = rules.map { Array(($0.folder + "/").utf8) }
        return paths.contains { path in folders.contains { path.string.utf8.starts(with: $0) } }
    }

    /// Every absolute path the index files name (read through the repository into the work
    /// area, verified, read, removed): what the plan turns hashed and ambiguous names back into.
    private func knownPaths(
        in indexes: [VirtualPath], manifest: Manifest, ref: SnapshotRef, rewriter: any PathRewriting,
        work: WorkArea, repository: any SnapshotRepository
    ) async throws -> [[UInt8]] {
        guard !indexes.isEmpty else { return [] }
        let fileSystem = context.fileSystem
        var reads: [FileToRead] = []
        defer { for read in reads { try? fileSystem.remove(read.destination) } }
        for path in indexes {
            guard let entry = manifest.files[path] else { continue }
            reads.append(FileToRead(path: path, entry: entry, destination: try work.makeFile("index-")))
        }
        context.progress.report(.phase(name: "map", totalFiles: reads.count, totalBytes: reads.reduce(0) { $0 + $1.entry.size }))
        let known = Locked([[UInt8]]())
        let failures = Locked([(path: String, message: String)]())
        let progress = context.progress
        do {
            let reader = try await repository.reader(for: ref, manifest: manifest)
            try await reader.read(reads, concurrency: context.configuration.transferConcurrency) { file, result in
                do {
                    _ = try result.get()
                    let paths = try rewriter.absolutePaths(inFile: file.destination, virtualPath: file.path.string, fileSystem: fileSystem)
                    known.withLock { $0 += paths }
                    progress.report(.fileDone(path: file.path.string, bytes: file.entry.size))
                } catch {
                    failures.withLock { $0.append((file.path.string, "\(file.path): \(error)")) }
                }
            }
        } catch {
            throw EngineError.wrapping(error, context: "Reading snapshot \(ref)")
        }
        let failed = failures.withLock { $0 }
        guard failed.isEmpty else {
            throw EngineError(.integrity,
                "Refusing to restore \(ref) with a mapping: the files that say which project each folder belongs to could not be read; nothing was written. "
                + failed.prefix(20).map(\.message).joined(separator: "; "), files: failed.map(\.path))
        }
        return known.withLock { $0 }
    }
}

extension ContentDigest {
    /// The 32 digest bytes of the hex `sha256`.
    fileprivate var sha256Bytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var iterator = sha256.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(Self.nibble(high) << 4 | Self.nibble(low))
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit >= UInt8(ascii: "a") ? digit - UInt8(ascii: "a") + 10 : digit - UInt8(ascii: "0")
    }
}
