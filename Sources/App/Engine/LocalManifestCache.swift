import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// The manifest of the last push (or restore) and the snapshot it describes.
struct CachedSnapshot: Sendable {
    var manifest: Manifest
    /// The manifest's bytes exactly as uploaded (the plaintext), to size-check the stored object.
    var bytes: [UInt8]
    var location: SnapshotLocation
}

/// `<cacheDir>/manifest.json` — byte-compatible with the reference engine's cache (it is the
/// manifest plaintext) — plus `<cacheDir>/manifest-snapshot.json`, our record of the folder the
/// cached snapshot lives under. The reference cache has no record; its timestamp names the snapshot.
struct LocalManifestCache {
    private struct Record: Codable {
        /// The configured prefix when the cache was written.
        var prefix: String
        /// The folder above the snapshot (the prefix, or `<prefix>/safety-…` after restoring one).
        var base: String
        var snapshot: String
    }

    let fileSystem: any FileSystem
    let directory: String

    var manifestPath: String { directory + "/manifest.json" }
    var recordPath: String { directory + "/manifest-snapshot.json" }

    /// The cached snapshot under `prefix`, or nil when there is no usable cache (missing, corrupt,
    /// or describing a snapshot under another prefix). A corrupt cache only costs a full push.
    func load(prefix: String) -> CachedSnapshot? {
        guard (try? fileSystem.status(manifestPath)) != nil,
              let bytes = try? fileSystem.readFile(manifestPath),
              let manifest = try? Manifest.decode(bytes),
              let id = manifest.snapshotID
        else { return nil }
        if (try? fileSystem.status(recordPath)) != nil,
           let recordBytes = try? fileSystem.readFile(recordPath),
           let record = try? JSONDecoder().decode(Record.self, from: Data(recordBytes)),
           record.snapshot == id.rawValue {
            guard record.prefix == prefix else { return nil }
            return CachedSnapshot(manifest: manifest, bytes: bytes, location: SnapshotLocation(base: record.base, id: id))
        }
        return CachedSnapshot(manifest: manifest, bytes: bytes, location: SnapshotLocation(base: prefix, id: id))
    }

    /// Replaces the cache with `bytes` (a manifest's plaintext) describing `location`; the
    /// manifest first, so a crash between the two leaves a record that no longer matches and is ignored.
    func save(bytes: [UInt8], location: SnapshotLocation, prefix: String) throws {
        try fileSystem.createDirectory(directory, mode: 0o700)
        try fileSystem.writeFileAtomically(manifestPath, contents: bytes, mode: 0o600)
        let record = try JSONEncoder().encode(Record(prefix: prefix, base: location.base, snapshot: location.id.rawValue))
        try fileSystem.writeFileAtomically(recordPath, contents: [UInt8](record), mode: 0o600)
    }
}
