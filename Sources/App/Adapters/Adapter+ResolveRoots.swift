import AgentBackupDomain
import AgentBackupPorts

extension Adapter {
    /// The roots that exist in `environment`, in the order the adapter lists them (discovered
    /// roots in their deterministic discovery order). Labels are unique: fixed labels are kept
    /// as written and a discovered label that collides with any other gets `-2`, `-3`…
    ///
    /// Throws `AdapterError` only when a discovery file the adapter requires is malformed.
    public func resolveRoots(in environment: AdapterEnvironment) throws -> [Root] {
        try resolveRoots(in: environment, missing: .leftOut)
    }

    /// The roots for `missing`: the walk `resolveRoots` and `restoreRoots` share, so both apply
    /// `unlessSet`, `unlessInside` and label rules the same way.
    func resolveRoots(in environment: AdapterEnvironment, missing: MissingRoots) throws -> [Root] {
        var result: [Root] = []
        // Every fixed label is reserved, found or not, so a discovered root's label does not
        // change the day an optional fixed root appears.
        var used = Set(roots.filter { !$0.isDiscovery }.map(\.label))
        var fixedPaths: [String: String] = [:]
        for spec in roots {
            if spec.unlessSet.contains(where: { environment.value(of: $0) != nil }) { continue }
            let found: [Root]
            switch spec.source {
            case .directory(let candidates):
                found = RootProbe.locate(candidates, kind: .directory, missing: missing, in: environment).map { [Root(label: spec.label, path: $0, kind: .directory)] } ?? []
            case .file(let candidates):
                found = RootProbe.locate(candidates, kind: .file, missing: missing, in: environment).map { [Root(label: spec.label, path: $0, kind: .file)] } ?? []
            case .discover(let discovery):
                found = try discovery.roots(labelPrefix: spec.label, in: environment)
            }
            for var root in found {
                let shadowed = spec.unlessInside.contains { label in
                    fixedPaths[label].map { LocalPath.isSameOrInside(root.path, $0) } ?? false
                }
                if shadowed { continue }
                if spec.isDiscovery {
                    // Two discoveries may find one folder (OpenClaw's default and per-agent
                    // workspaces): back it up once.
                    if result.contains(where: { $0.path == root.path }) { continue }
                    root.label = RootLabel.unused(root.label, in: used)
                    used.insert(root.label)
                } else {
                    fixedPaths[spec.label] = root.path
                }
                result.append(root)
            }
        }
        return result
    }
}

/// Existence checks for root candidates through the `FileSystem` port.
enum RootProbe {
    /// The first candidate that exists as `kind`; when none does and `missing` asks for it, the
    /// default place: the first candidate that expands (so `$CODEX_HOME` wins over `~/.codex`
    /// when set, as the agent itself would choose).
    static func locate(_ candidates: PathCandidates, kind: Root.Kind, missing: MissingRoots, in environment: AdapterEnvironment) -> String? {
        if let existing = firstExisting(candidates, kind: kind, in: environment) { return existing }
        guard missing == .atDefaultPlace else { return nil }
        return candidates.candidates(on: environment.platform).lazy.compactMap { PathTemplate.expand($0, in: environment) }.first
    }

    /// The first candidate that expands and exists as `kind`.
    static func firstExisting(_ candidates: PathCandidates, kind: Root.Kind, in environment: AdapterEnvironment) -> String? {
        for template in candidates.candidates(on: environment.platform) {
            guard let path = PathTemplate.expand(template, in: environment) else { continue }
            if self.kind(of: path, in: environment.fileSystem) == kind { return path }
        }
        return nil
    }

    /// Folder or file, following a symbolic link at `path` itself (a `~/.claude` linked into a
    /// dotfiles repository is still the agent's folder); nil when missing or something else.
    static func kind(of path: String, in fileSystem: any FileSystem) -> Root.Kind? {
        guard let status = try? fileSystem.status(path) else { return nil }
        switch status.kind {
        case .directory: return .directory
        case .regular: return .file
        case .other: return nil
        case .symlink:
            do {
                _ = try fileSystem.contents(ofDirectory: path)
                return .directory
            } catch let error as FileSystemError where error.errno == 20 /* ENOTDIR */ {
                return .file
            } catch {
                return nil
            }
        }
    }

    /// Names in a folder, sorted by UTF-8 bytes (deterministic labels); empty when unreadable.
    static func sortedEntries(of path: String, in fileSystem: any FileSystem) -> [String] {
        ((try? fileSystem.contents(ofDirectory: path)) ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
