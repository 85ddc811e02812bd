import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the packed layout writes a file of its private cache folder: the folder made
/// 0700, the file 0600, written whole beside its final name and renamed over it, so a reader
/// (or a run killed mid-write) never sees part of it. Best effort: a cache file that cannot be
/// written only costs requests next time.
enum CacheFile {
    static func write(_ contents: [UInt8], to path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(contents), attributes: [.posixPermissions: 0o600]) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}
