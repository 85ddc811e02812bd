import AgentBackupPorts

/// Adapter files: an agent the built-in catalog does not know, described in JSON
/// (`agent-backup push --adapter my-agent.json`). The format is `Adapter`'s (see
/// `Adapter.encodedJSON()`); every error names the file, the field and the fix.
public enum AdapterFile {
    /// Reads and checks the adapter file at `path`.
    public static func load(path: String, fileSystem: any FileSystem) throws -> Adapter {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path)
        } catch {
            throw AdapterError(.unreadable, file: path, "cannot be read: \(error)")
        }
        return try parse(bytes, source: path)
    }

    /// Checks adapter-file bytes; `source` names them in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> Adapter {
        let document: LosslessJSON.Node
        do {
            document = try LosslessJSON.parse(bytes)
        } catch {
            let (line, column) = LosslessJSON.lineAndColumn(of: error.offset, in: bytes)
            throw AdapterError(.syntax, file: source, "line \(line), column \(column): \(error.reason) (the file must be JSON)")
        }
        do {
            return try Adapter(json: AdapterJSON(document))
        } catch {
            var located = error
            located.file = source
            throw located
        }
    }
}
