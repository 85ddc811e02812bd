import AgentBackupDomain
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stored (sealed) bytes of the snapshots this machine last wrote or read, in the private
/// cache folder: `holds` then costs one HEAD (the object still exists with the length of the
/// copy, as the reference layout checks) instead of a GET of the whole document, and the push
/// that follows reads the previous document from here. Best effort: a copy that cannot be
/// written or read only costs the GET. Only the newest few are kept.
struct SnapshotCache: Sendable {
    let folder: String?
    static let kept = 4

    private func path(_ ref: SnapshotRef) -> String? {
        folder.map { $0 + "/" + ref.description.replacingOccurrences(of: "/", with: "_") }
    }

    func load(_ ref: SnapshotRef) -> [UInt8]? {
        guard let path = path(ref), let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }

    func save(_ stored: [UInt8], for ref: SnapshotRef) {
        guard let folder, let path = path(ref) else { return }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(stored), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        prune()
    }

    func remove(_ ref: SnapshotRef) {
        guard let path = path(ref) else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Keeps the newest `kept` copies (names end with the snapshot id, which sorts by time) and no
    /// temporary files (one run at a time uses the folder: a lost race only costs a GET).
    private func prune() {
        guard let folder, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.contains(".tmp-") { try? FileManager.default.removeItem(atPath: folder + "/" + name) }
        let copies = names.filter { !$0.contains(".tmp-") }.sorted { $0.split(separator: "_").last ?? "" < $1.split(separator: "_").last ?? "" }
        for name in copies.dropLast(Self.kept) {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
    }
}
