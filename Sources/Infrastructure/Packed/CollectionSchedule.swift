import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// When this machine last ran a garbage collection of a packed repository, kept in its private
/// cache folder. A collection marks the packs nothing uses and deletes only marks a grace
/// period old (FORMAT.md section 8), so collecting after every push costs a listing and a GET
/// of every snapshot for nothing more than once per grace period: a push collects only when
/// the last collection here is that old (or unknown: no cache folder, a clock gone back).
struct CollectionSchedule: Sendable {
    let path: String?

    /// Whether a collection is due at `now` (seconds since 1970) for a grace of `graceSeconds`.
    func isDue(now: Double, graceSeconds: Double) -> Bool {
        guard let last = lastCollection() else { return true }
        return now < last || now - last >= graceSeconds
    }

    /// Records a collection that finished, started at `now`.
    func record(now: Double) {
        guard let path else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(String(now).utf8), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    private func lastCollection() -> Double? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        return Double(String(decoding: data, as: UTF8.self))
    }
}
