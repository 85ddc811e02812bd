import AgentBackupPorts

/// Presents an adapter's `Redactor` (bytes in, bytes out) as the engine's file-based redaction
/// port: reads the file, redacts or merges in memory (redacted files are settings files, not
/// databases), writes the result atomically with mode 0600.
public struct RedactorFileBridge: FileRedacting {
    public let redactor: any Redacting
    public let fileSystem: any FileSystem

    public init(redactor: any Redacting, fileSystem: any FileSystem) {
        self.redactor = redactor
        self.fileSystem = fileSystem
    }

    public func redacts(_ path: String) -> Bool {
        redactor.redacts(virtualPath: path)
    }

    public func redact(file source: String, to destination: String, path: String) throws {
        let redacted = try redactor.redact(try fileSystem.readFile(source), virtualPath: path)
        try fileSystem.writeFileAtomically(destination, contents: redacted.contents, mode: 0o600)
    }

    public func unredact(restored: String, local: String?, to destination: String, path: String) throws -> [String] {
        let localBytes = try local.flatMap { fileSystem.exists($0) ? try fileSystem.readFile($0) : nil }
        let merged = try redactor.merge(restored: try fileSystem.readFile(restored), local: localBytes, virtualPath: path)
        try fileSystem.writeFileAtomically(destination, contents: merged.contents, mode: 0o600)
        return merged.needsReentry
    }
}
