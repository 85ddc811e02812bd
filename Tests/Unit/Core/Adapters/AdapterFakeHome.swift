import AgentBackupDomain
import AgentBackupPorts
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// An in-memory home folder for adapter tests: folders, files and symbolic links, read-only.
struct AdapterFakeHome: FileSystem {
    enum Node: Sendable {
        case directory
        case file([UInt8])
        case symlink(String)
    }

    let home: String
    private(set) var nodes: [String: Node] = ["/": .directory]

    /// `files` are paths (`~/…` or absolute) of empty files; `contents` adds files with bytes.
    init(home: String = "/home/me", files: [String] = [], contents: [String: String] = [:], directories: [String] = []) {
        self.home = home
        for path in directories { addDirectory(expand(path)) }
        for path in files { addFile(expand(path), []) }
        for (path, text) in contents { addFile(expand(path), Array(text.utf8)) }
        addDirectory(home)
    }

    func expand(_ path: String) -> String {
        path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    mutating func addDirectory(_ path: String) {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if nodes[current] == nil { nodes[current] = .directory }
        }
    }

    mutating func addFile(_ path: String, _ bytes: [UInt8]) {
        addDirectory(LocalPath.parent(path))
        nodes[path] = .file(bytes)
    }

    mutating func addSymlink(_ path: String, to target: String) {
        addDirectory(LocalPath.parent(expand(path)))
        nodes[expand(path)] = .symlink(expand(target))
    }

    /// Every regular file, sorted.
    var allFiles: [String] {
        nodes.compactMap { path, node in
            if case .file = node { return path }
            return nil
        }.sorted()
    }

    private func resolved(_ path: String) -> (String, Node)? {
        var path = LocalPath.normalize(path)
        for _ in 0..<8 {
            guard let node = nodes[path] else { return nil }
            guard case .symlink(let target) = node else { return (path, node) }
            path = target
        }
        return nil
    }

    func status(_ path: String) throws -> FileStatus? {
        guard let node = nodes[LocalPath.normalize(path)] else { return nil }
        switch node {
        case .directory: return FileStatus(kind: .directory, size: 0, mtimeNs: 0, ctimeNs: 0, inode: 1)
        case .file(let bytes): return FileStatus(kind: .regular, size: Int64(bytes.count), mtimeNs: 0, ctimeNs: 0, inode: 1)
        case .symlink: return FileStatus(kind: .symlink, size: 0, mtimeNs: 0, ctimeNs: 0, inode: 1)
        }
    }

    func contents(ofDirectory path: String) throws -> [String] {
        guard let (real, node) = resolved(path) else {
            throw FileSystemError(path: path, operation: "opendir", errno: 2, message: "No such file or directory")
        }
        guard case .directory = node else {
            throw FileSystemError(path: path, operation: "opendir", errno: 20, message: "Not a directory")
        }
        let prefix = real == "/" ? "/" : real + "/"
        return nodes.keys.filter { $0.hasPrefix(prefix) && $0 != real && !$0.dropFirst(prefix.count).contains("/") }
            .map { String($0.dropFirst(prefix.count)) }
    }

    func readFile(_ path: String) throws -> [UInt8] {
        guard let (_, node) = resolved(path), case .file(let bytes) = node else {
            throw FileSystemError(path: path, operation: "open", errno: 2, message: "No such file")
        }
        return bytes
    }

    private func readOnly(_ path: String) -> FileSystemError {
        FileSystemError(path: path, operation: "write", errno: 30, message: "read-only fake home")
    }

    func createDirectory(_ path: String, mode: UInt32) throws { throw readOnly(path) }
    func remove(_ path: String) throws { throw readOnly(path) }
    func rename(_ source: String, to destination: String) throws { throw readOnly(source) }
    func writeFileAtomically(_ path: String, contents: [UInt8], mode: UInt32) throws { throw readOnly(path) }
    func makeTemporaryFile(in directory: String, prefix: String) throws -> String { throw readOnly(directory) }
    func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String { throw readOnly(parent) }
    func sync(_ path: String) throws {}
    func setMode(_ path: String, mode: UInt32) throws { throw readOnly(path) }
    func setModificationTime(_ path: String, ns: Int64) throws { throw readOnly(path) }

    /// An environment over this home.
    func environment(_ variables: [String: String] = [:], platform: Platform = .linux, workingDirectory: String? = nil) -> AdapterEnvironment {
        AdapterEnvironment(variables: variables, home: home, platform: platform, fileSystem: self, workingDirectory: workingDirectory)
    }
}
