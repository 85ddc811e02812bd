import Foundation

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
        CacheFile.write(Array(String(now).utf8), to: path)
    }

    private func lastCollection() -> Double? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        return Double(String(decoding: data, as: UTF8.self))
    }
}
