import AgentBackupDomain
import AgentBackupPorts

extension Restorer {
    /// Renames the verified files into place. A SQLite database loses its stale `-wal`, `-shm`
    /// and `-journal` first: SQLite would otherwise replay the old log into the restored file.
    /// A file the file system would store under another existing name (`ExactNames`) is not
    /// installed: it is named in the error, and the other file is left as it was.
    func install(_ files: [PreparedFile], rules: PathRules, names: ExactNames) throws {
        var failures: [(String, String)] = []
        for file in files {
            if let folded = names.folded(file.destination, depth: file.path.segments.count - 1) {
                failures.append((file.path.string, folded.message))
                try? context.fileSystem.remove(file.partial)
                continue
            }
            do {
                if rules.isSQLite(file.path) { try removeSidecars(of: file.destination) }
                try context.fileSystem.rename(file.partial, to: file.destination)
            } catch {
                failures.append((file.path.string, "\(error)"))
                try? context.fileSystem.remove(file.partial)
            }
        }
        guard failures.isEmpty else {
            throw EngineError(.failed, "\(failures.count) verified file(s) could not be put in place: "
                + failures.prefix(20).map { "\(DisplayName.of($0.0)): \($0.1)" }.joined(separator: "; "), files: failures.map(\.0))
        }
    }

    /// Deletes the local files an exact mirror does not keep (regular files only).
    func deleteExtra(_ deletions: [RestorePlan.Deletion], rules: PathRules) throws {
        guard !deletions.isEmpty else { return }
        context.progress.report(.phase(name: "delete", totalFiles: deletions.count, totalBytes: 0))
        var failures: [(String, String)] = []
        for deletion in deletions {
            do {
                guard let status = try context.fileSystem.status(deletion.localPath), status.kind == .regular else { continue }
                try context.fileSystem.remove(deletion.localPath)
                if rules.isSQLite(deletion.path) { try removeSidecars(of: deletion.localPath) }
                context.progress.report(.fileDone(path: deletion.path.string, bytes: 0))
            } catch {
                failures.append((deletion.path.string, "\(error)"))
            }
        }
        guard failures.isEmpty else {
            throw EngineError(.failed, "\(failures.count) file(s) could not be deleted: "
                + failures.prefix(20).map { "\(DisplayName.of($0.0)): \($0.1)" }.joined(separator: "; "), files: failures.map(\.0))
        }
    }

    private func removeSidecars(of database: String) throws {
        for suffix in ["-wal", "-shm", "-journal"] {
            let sidecar = database + suffix
            if let status = try context.fileSystem.status(sidecar), status.kind == .regular {
                try context.fileSystem.remove(sidecar)
            }
        }
    }
}
