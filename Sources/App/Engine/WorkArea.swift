import AgentBackupPorts

/// The private (0700) folder one operation keeps its temporary files in: database snapshots,
/// redacted copies, envelopes on their way up and downloads being verified (SPEC item 15).
///
/// It lives under `<cacheDir>/tmp`, is made by the `ScratchSpace` port (which also clears what
/// crashed runs left there) and is removed when the operation ends, even when it fails.
struct WorkArea: Sendable {
    let fileSystem: any FileSystem
    /// The operation's folder.
    let path: String

    /// A new area for one operation under `<cacheDirectory>/tmp`.
    static func open(scratch: any ScratchSpace, fileSystem: any FileSystem, cacheDirectory: String) throws -> WorkArea {
        let parent = cacheDirectory + "/tmp"
        do {
            try fileSystem.createDirectory(cacheDirectory, mode: 0o700)
            return WorkArea(fileSystem: fileSystem, path: try scratch.openArea(under: parent))
        } catch {
            throw EngineError(.failed,
                "Cannot prepare the private temporary folder in \(parent): \(error). Check that the cache folder is writable.")
        }
    }

    /// A new empty file (0600) in the area.
    func makeFile(_ prefix: String) throws -> String {
        try fileSystem.makeTemporaryFile(in: path, prefix: prefix)
    }

    /// Removes the area and everything in it.
    func close() {
        try? fileSystem.remove(path)
    }
}
