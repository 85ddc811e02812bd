#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import AgentBackupDomain
import AgentBackupPorts

/// One file the walk found and the rules include.
struct GatheredFile: Sendable {
    var path: VirtualPath
    /// Its absolute local path.
    var localPath: String
    /// `lstat` at walk time (the stat cache compares against it).
    var status: FileStatus
}

/// The outcome of walking the roots: included regular files sorted by virtual path, and the
/// files or folders that could not be read (named; the run fails after backing up the rest).
struct GatherResult: Sendable {
    var files: [GatheredFile]
    var failures: [FileIssue]
}

/// Walks roots with `lstat` only (symbolic links are never followed), prunes excluded folders
/// before entering them and keeps regular files the rules include.
struct FileGatherer {
    /// Names of the engine's in-progress restore files; never backed up, removed when found stale.
    static let partialFilePrefix = ".agent-backup-partial-"

    let fileSystem: any FileSystem
    let rules: PathRules
    /// Delete partial restore files found on the way (a push does; dry runs and checks do not).
    var removeStalePartials = false

    func gather(roots: [Root]) -> GatherResult {
        var result = GatherResult(files: [], failures: [])
        for root in roots {
            switch root.kind {
            case .file: gatherFileRoot(root, into: &result)
            case .directory: walk(root, into: &result)
            }
        }
        result.files.sort { utf8Less($0.path.string, $1.path.string) }
        return result
    }

    private func gatherFileRoot(_ root: Root, into result: inout GatherResult) {
        let vpath: VirtualPath
        do {
            vpath = try root.virtualPath(relative: root.basename)
        } catch {
            result.failures.append(FileIssue(path: root.path, message: "cannot name this file in the backup: \(error)"))
            return
        }
        guard rules.verdict(forFile: vpath).isIncluded else { return }
        do {
            guard let status = try fileSystem.status(root.path) else { return }
            switch status.kind {
            case .regular:
                result.files.append(GatheredFile(path: vpath, localPath: root.path, status: status))
            case .symlink:
                result.failures.append(FileIssue(path: vpath.string,
                    message: "\(root.path) is a symbolic link; links are not followed: point the root at the file itself"))
            case .directory, .other:
                result.failures.append(FileIssue(path: vpath.string, message: "\(root.path) is not a regular file"))
            }
        } catch {
            result.failures.append(FileIssue(path: vpath.string, message: "\(error)"))
        }
    }

    private func walk(_ root: Root, into result: inout GatherResult) {
        // (absolute folder, path inside the root) — the root itself may be a link to a folder.
        var pending: [(String, String)] = [(LocalPath.trimmed(root.path), "")]
        while let (folder, relative) = pending.popLast() {
            let listing: DirectoryListing
            do {
                listing = try fileSystem.listing(ofDirectory: folder)
            } catch {
                if relative.isEmpty, (try? fileSystem.status(folder)) == nil {
                    continue  // the root vanished since it was resolved: nothing to back up
                }
                let shown = relative.isEmpty ? root.label : root.label + "/" + relative
                result.failures.append(FileIssue(path: shown + "/", message: "cannot list folder: \(error)"))
                continue
            }
            for name in listing.undecodable {
                // Never silent, never renamed: the reference format and engine carry UTF-8 names only.
                let shown = root.label + "/" + (relative.isEmpty ? name : relative + "/" + name)
                result.failures.append(FileIssue(path: shown, message:
                    "its name is not valid UTF-8, so it cannot be stored in a backup (manifests hold UTF-8 names); it was NOT backed up: rename it (e.g. with convmv -f latin1 -t utf8) or exclude it"))
            }
            for name in listing.names {
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                let childPath = folder == "/" ? "/" + name : folder + "/" + name
                visit(root: root, name: name, path: childPath, relative: childRelative, pending: &pending, into: &result)
            }
        }
    }

    private func visit(
        root: Root, name: String, path: String, relative: String,
        pending: inout [(String, String)], into result: inout GatherResult
    ) {
        let shown = root.label + "/" + relative
        let status: FileStatus
        do {
            guard let s = try fileSystem.status(path) else { return }  // vanished during the walk
            status = s
        } catch {
            result.failures.append(FileIssue(path: shown, message: "\(error)"))
            return
        }
        switch status.kind {
        case .directory:
            if rules.shouldEnter(directory: shown) {
                pending.append((path, relative))
            }
        case .regular:
            if name.utf8.starts(with: Self.partialFilePrefix.utf8) {
                // Left by an interrupted restore: never a real file, never backed up.
                if removeStalePartials { try? fileSystem.remove(path) }
                return
            }
            do {
                let vpath = try VirtualPath(shown)
                guard rules.verdict(forFile: vpath).isIncluded else { return }
                result.files.append(GatheredFile(path: vpath, localPath: path, status: status))
            } catch {
                guard rules.verdict(forFile: shown).isIncluded else { return }
                result.failures.append(FileIssue(path: shown, message: "this name cannot be stored in a backup: \(error)"))
            }
        case .symlink, .other:
            return
        }
    }
}

/// Byte-wise order of two strings' UTF-8 (the order of object keys), through `memcmp`: sorting
/// thousands of paths stays cheap even in debug builds.
func utf8Less(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let common = min(x.count, y.count)
            let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
            return order != 0 ? order < 0 : x.count < y.count
        }
    }
}
