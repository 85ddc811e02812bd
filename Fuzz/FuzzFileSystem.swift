import AgentBackupPorts

/// A fake file system for root resolution: every path is an empty folder, except names ending
/// in `.json` (files holding `{}`); nothing can be written.
struct FuzzFileSystem: FileSystem {
    func status(_ path: String) throws -> FileStatus? {
        FileStatus(kind: path.hasSuffix(".json") ? .regular : .directory, size: 2, mtimeNs: 0, ctimeNs: 0, inode: 1)
    }

    func contents(ofDirectory path: String) throws -> [String] { [] }

    func readFile(_ path: String) throws -> [UInt8] {
        guard path.hasSuffix(".json") else { throw refused(path, "read") }
        return Array("{}".utf8)
    }

    func createDirectory(_ path: String, mode: UInt32) throws { throw refused(path, "mkdir") }
    func remove(_ path: String) throws { throw refused(path, "remove") }
    func rename(_ source: String, to destination: String) throws { throw refused(source, "rename") }
    func writeFileAtomically(_ path: String, contents: [UInt8], mode: UInt32) throws { throw refused(path, "write") }
    func makeTemporaryFile(in directory: String, prefix: String) throws -> String { throw refused(directory, "mktemp") }
    func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String { throw refused(parent, "mkdtemp") }
    func sync(_ path: String) throws { throw refused(path, "fsync") }
    func setMode(_ path: String, mode: UInt32) throws { throw refused(path, "chmod") }
    func setModificationTime(_ path: String, ns: Int64) throws { throw refused(path, "utimes") }

    private func refused(_ path: String, _ operation: String) -> FileSystemError {
        FileSystemError(path: path, operation: operation, message: "the fuzz file system is read-only")
    }
}
