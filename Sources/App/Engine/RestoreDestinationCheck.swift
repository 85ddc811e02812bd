import AgentBackupDomain
import AgentBackupPorts

/// The path-traversal guard of a restore: nothing is written through a symbolic link or into
/// something that is not a folder.
extension Restorer {
    /// Refuses to write through anything but real folders: every existing folder between the
    /// root (or target folder) and a destination must be a directory, not a symbolic link that
    /// could lead outside the roots, and the destination must not be a folder.
    func checkParents(of plan: RestorePlan, roots: [Root], destination: RestorePlan.Destination) throws {
        var checked: [[UInt8]: Bool] = [:]  // folder (bytes: twins are two folders) -> exists as a real directory
        var problems: [(String, String)] = []
        for item in plan.items {
            guard case .download(let local) = item.action else { continue }
            let base: String
            switch destination {
            case .directory(let folder): base = LocalPath.trimmed(folder)
            case .roots:
                guard let root = roots.first(where: { $0.label == item.path.label }) else { continue }
                base = root.kind == .directory ? LocalPath.trimmed(root.path) : LocalPath.parent(root.path)
            }
            guard LocalPath.isInside(local, root: base) else {
                problems.append((item.path.string, "\(local) is outside \(base)"))
                continue
            }
            var folder = base
            let inside = local.utf8.dropFirst(base == "/" ? 1 : base.utf8.count + 1).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            for component in inside.dropLast() {
                folder += "/" + String(decoding: component, as: UTF8.self)
                if let known = checked[Array(folder.utf8)] {
                    if !known { break }
                    continue
                }
                do {
                    guard let status = try context.fileSystem.status(folder) else { checked[Array(folder.utf8)] = false; break }
                    if status.kind == .directory {
                        checked[Array(folder.utf8)] = true
                    } else {
                        let what = status.kind == .symlink ? "a symbolic link (never followed on restore)" : "not a folder"
                        problems.append((item.path.string, "\(folder) is \(what)"))
                        checked[Array(folder.utf8)] = false
                        break
                    }
                } catch {
                    problems.append((item.path.string, "\(error)"))
                    break
                }
            }
            if let status = try? context.fileSystem.status(local), status.kind == .directory {
                problems.append((item.path.string, "\(local) is a folder"))
            }
        }
        guard problems.isEmpty else {
            throw EngineError(.failed,
                "Cannot restore \(problems.count) file(s) because of what is on disk; nothing was written: "
                + problems.prefix(20).map { "\($0.0): \($0.1)" }.joined(separator: "; "),
                files: problems.map(\.0))
        }
    }
}
