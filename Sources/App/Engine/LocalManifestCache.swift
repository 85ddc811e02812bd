import Foundation
import AgentBackupDomain
import AgentBackupPorts

/// The manifest of the last push (or restore) and the snapshot it describes.
struct CachedSnapshot: Sendable {
    var manifest: Manifest
    /// The manifest's bytes exactly as uploaded (the plaintext), to size-check the stored object.
    var bytes: [UInt8]
    var ref: SnapshotRef
}

/// `<cacheDir>/manifest.json` — byte-compatible with the reference engine's cache (it is the
/// manifest plaintext) — plus `<cacheDir>/manifest-snapshot.json`, our record of which snapshot
/// (regular or safety) it is. The reference cache has no record; its timestamp names the snapshot.
struct LocalManifestCache {
    /// The record's format, kept since the first release: `base` is the folder above the
    /// snapshot (the prefix, or `<prefix>/safety-…` after restoring a safety snapshot).
    private struct Record: Codable {
        var prefix: String
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
        guard let record = loadRecord(), record.snapshot == id.rawValue else {
            return CachedSnapshot(manifest: manifest, bytes: bytes, ref: .regular(id))
        }
        guard record.prefix == prefix else { return nil }
        if record.base == prefix { return CachedSnapshot(manifest: manifest, bytes: bytes, ref: .regular(id)) }
        guard record.base.utf8.starts(with: (prefix + "/").utf8),
              let ref = try? SnapshotRef.safety(folder: String(decoding: record.base.utf8.dropFirst(prefix.utf8.count + 1), as: UTF8.self), id: id)
        else { return nil }
        return CachedSnapshot(manifest: manifest, bytes: bytes, ref: ref)
    }

    private func loadRecord() -> Record? {
        guard (try? fileSystem.status(recordPath)) != nil, let bytes = try? fileSystem.readFile(recordPath) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: Data(bytes))
    }

    /// Replaces the cache with `bytes` (a manifest's plaintext) describing `ref`; the manifest
    /// first, so a crash between the two leaves a record that no longer matches and is ignored.
    func save(bytes: [UInt8], ref: SnapshotRef, prefix: String) throws {
        try fileSystem.createDirectory(directory, mode: 0o700)
        try fileSystem.writeFileAtomically(manifestPath, contents: bytes, mode: 0o600)
        let base = ref.safetyFolder.map { prefix + "/" + $0 } ?? prefix
        let record = try JSONEncoder().encode(Record(prefix: prefix, base: base, snapshot: ref.id.rawValue))
        try fileSystem.writeFileAtomically(recordPath, contents: [UInt8](record), mode: 0o600)
    }
}
