import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupRunner
import AgentBackupVersion
import Foundation

/// Every `--json` document names the program that wrote it: `"agentBackup": {"version",
/// "commit", "modified"}` as the first member of the top-level object. A script that stores or
/// compares summaries can then tell which build produced them without running `--version`.
public enum VersionedJSON {
    /// What `agentBackup` holds (commit and modified only when built from a checkout).
    struct Field: Encodable {
        var version = AgentBackupVersion.semver
        var commit = AgentBackupVersion.commit
        var modified: Bool? = AgentBackupVersion.commit == nil ? nil : AgentBackupVersion.modified
    }

    /// The encoded field, e.g. `{"commit":"1a2b3c4d5e6f","modified":false,"version":"0.2.0-dev"}`.
    public static let fieldBytes: [UInt8] = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(Field())) ?? Data("{\"version\":\"\(AgentBackupVersion.semver)\"}".utf8))
    }()

    /// `json` with the field inserted as the first member of its top-level object. Anything that
    /// is not an object is returned unchanged. "agentBackup" sorts before every lower-case key,
    /// so documents encoded with sorted keys stay sorted.
    public static func stamp(_ json: [UInt8]) -> [UInt8] {
        guard let open = json.firstIndex(where: { !isWhitespace($0) }), json[open] == UInt8(ascii: "{") else { return json }
        let next = json[(open + 1)...].firstIndex(where: { !isWhitespace($0) })
        let isEmpty = next.map { json[$0] == UInt8(ascii: "}") } ?? true
        var out = Array(json[...open])
        out += Array("\"agentBackup\":".utf8) + fieldBytes
        if !isEmpty { out.append(UInt8(ascii: ",")) }
        out += json[(open + 1)...]
        return out
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
