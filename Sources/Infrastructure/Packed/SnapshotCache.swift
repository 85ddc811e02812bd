import AgentBackupDomain
import Foundation

/// The stored (sealed) bytes of the snapshots this machine last wrote or read, in the private
/// cache folder, each after the SHA-256 of the manifest it holds: `holds` then compares that
/// digest and the copy's length with the run's one listing of `snapshots/` (no request, no
/// decode), and the push that follows reads the previous document from here. Best effort: a copy
/// that cannot be written or read only costs a GET. Only the newest few are kept.
struct SnapshotCache: Sendable {
    let folder: String?
    static let kept = 4
    static let digestLength = 32

    /// What `holds` needs of a copy without reading it: its stored length and manifest digest.
    struct CopyInfo: Equatable {
        var storedLength: Int64
        var manifestDigest: [UInt8]
    }

    private func path(_ ref: SnapshotRef) -> String? {
        folder.map { $0 + "/" + ref.description.replacingOccurrences(of: "/", with: "_") }
    }

    func load(_ ref: SnapshotRef) -> [UInt8]? {
        guard let path = path(ref), let data = FileManager.default.contents(atPath: path), data.count >= Self.digestLength else { return nil }
        return [UInt8](data.dropFirst(Self.digestLength))
    }

    /// The copy's stored length and manifest digest, from its first bytes and its size.
    func info(_ ref: SnapshotRef) -> CopyInfo? {
        guard let path = path(ref), let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= UInt64(Self.digestLength) else { return nil }
        try? handle.seek(toOffset: 0)
        guard let digest = try? handle.read(upToCount: Self.digestLength), digest.count == Self.digestLength else { return nil }
        return CopyInfo(storedLength: Int64(size) - Int64(Self.digestLength), manifestDigest: [UInt8](digest))
    }

    func save(_ stored: [UInt8], manifestBytes: [UInt8], for ref: SnapshotRef) {
        guard let path = path(ref) else { return }
        CacheFile.write(ChunkHash.sha256(manifestBytes) + stored, to: path)
        prune()
    }

    func remove(_ ref: SnapshotRef) {
        guard let path = path(ref) else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Keeps the newest `kept` copies (names end with the snapshot id, which sorts by time) and no
    /// temporary files (one run at a time uses the folder: a lost race only costs a GET). Also
    /// removes the folder of the earlier form of these copies (without the digest), if left.
    private func prune() {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.contains(".tmp-") { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        let copies = names.filter { !$0.contains(".tmp-") }.sorted { $0.split(separator: "_").last ?? "" < $1.split(separator: "_").last ?? "" }
        for name in copies.dropLast(Self.kept) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent + "/snapshots")
    }
}
