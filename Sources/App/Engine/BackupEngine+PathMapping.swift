import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// "Map the plan": the step of a restore with `--map` / `--map-home` that runs after the
    /// manifest is read and before anything is downloaded into place. It resolves the mappings
    /// (the snapshot's recorded home for `--map-home`), reads the adapter's small index files to
    /// learn which paths the encoded names stand for, plans every rename and refuses collisions.
    /// Nil when no mapping was asked for.
    func mapSnapshotPaths(
        _ manifest: Manifest, options: RestoreOptions, target: BackupTarget, location: SnapshotLocation, work: WorkArea
    ) async throws -> MappedSnapshot? {
        guard let mapper = try mapper(for: options, manifest: manifest, location: location) else { return nil }
        let paths: [VirtualPath]
        do {
            paths = try manifest.validatedPaths()
        } catch {
            throw EngineError.wrapping(error, context: "Refusing to restore \(location)", file: location.manifestKey)
        }
        let compiled = try target.pathFiles.enumerated().map { index, rule in
            try PatternSet([rule.path], field: "pathFiles[\(index)].path")
        }
        func rule(for path: VirtualPath) -> PathFileRule? {
            zip(target.pathFiles, compiled).first { $0.1.matches(path.string) }?.0
        }
        var known: [[UInt8]] = []
        let encoded = paths.contains { path in target.pathNames.contains { path.string.utf8.starts(with: ($0.folder + "/").utf8) } }
        if encoded && !mapper.isEmpty {
            known = try await knownPaths(of: paths.filter { rule(for: $0)?.index == true }, manifest: manifest, rule: rule,
                                         location: location, work: work)
        }
        let plan = PathMappingPlan(
            paths: paths, rules: target.pathNames, holdsPaths: { !mapper.isEmpty && rule(for: $0) != nil }, mapper: mapper,
            knownPaths: known, sha256: { hasher.digest(of: $0).sha256Bytes })
        guard plan.collisions.isEmpty else {
            let named = plan.collisions.prefix(20).map { "\($0.sources.joined(separator: " and ")) would all become \($0.target)" }
            throw EngineError(.failed,
                "Refusing to restore \(location) with \(mapper.mappings.map(\.description).joined(separator: ", ")): "
                + "\(plan.collisions.count) renamed path(s) collide, and nothing is overwritten; nothing was written. "
                + named.joined(separator: "; ") + ". Restore without the mapping, or with --target to look at both.",
                files: plan.collisions.flatMap(\.sources))
        }
        for unmapped in plan.unmapped { logger.warning("\(unmapped.path): \(unmapped.reason)") }
        var rules: [VirtualPath: PathFileRule] = [:]
        for path in plan.rewrites { rules[path] = rule(for: path) }
        return MappedSnapshot(plan: plan, mapper: mapper, manifest: manifest, rules: rules)
    }

    /// The mappings of `options`: every `--map`, and `--map-home` as the snapshot's recorded
    /// home to this machine's. Nil when none was asked for.
    private func mapper(for options: RestoreOptions, manifest: Manifest, location: SnapshotLocation) throws -> PathMapper? {
        guard !options.pathMappings.isEmpty || options.mapHomeTo != nil else { return nil }
        var mappings = options.pathMappings
        if let home = options.mapHomeTo {
            guard let origin = manifest.origin else {
                throw EngineError(.configuration,
                    "Snapshot \(location) does not record the home folder it was taken from (it was made by the reference engine or an older agent-backup), "
                    + "so --map-home cannot know what to map: name it with --map, e.g. --map /home/alice=\(home).")
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

    /// Every absolute path the index files name (downloaded, verified and read in the work
    /// area, then removed): what the plan turns hashed and ambiguous names back into.
    private func knownPaths(
        of files: [VirtualPath], manifest: Manifest, rule: (VirtualPath) -> PathFileRule?, location: SnapshotLocation, work: WorkArea
    ) async throws -> [[UInt8]] {
        guard !files.isEmpty else { return [] }
        progress.report(.phase(name: "map", totalFiles: files.count, totalBytes: files.reduce(0) { $0 + (manifest.files[$1.string]?.size ?? 0) }))
        let reader = PathFileRewriter(fileSystem: fileSystem, hasher: hasher, mapper: try PathMapper([]))
        var known: [[UInt8]] = []
        for path in files {
            guard let entry = manifest.files[path.string], let rule = rule(path) else { continue }
            let local = try work.makeFile("index-")
            defer { try? fileSystem.remove(local) }
            _ = try await downloadVerified(path: path.string, entry: entry, from: location, into: local, work: work)
            if let format = try resolvedFormat(rule.format, of: local, virtualPath: path.string) {
                known += try reader.absolutePaths(in: local, format: format)
            }
            progress.report(.fileDone(path: path.string, bytes: entry.size))
        }
        return known
    }

    /// A path file's concrete format: from the rule, else from its name, else from its first
    /// bytes (JSON when it starts with `{` or `[`); nil when nothing tells.
    func resolvedFormat(_ format: PathFileFormat, of file: String, virtualPath: String) throws -> PathFileFormat? {
        if let known = format.resolved(virtualPath: virtualPath, contents: []) { return known }
        guard format == .auto, (try fileSystem.status(file)?.size ?? 0) <= PathFileRewriter.maxDocumentBytes else { return nil }
        return format.resolved(virtualPath: virtualPath, contents: Array(try fileSystem.readFile(file).prefix(64)))
    }
}

extension ContentDigest {
    /// The 32 digest bytes of the hex `sha256`.
    var sha256Bytes: [UInt8] {
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
