#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import AgentBackupPorts

/// The private (0700) folder one operation keeps its temporary files in: database snapshots,
/// redacted copies, envelopes on their way up and downloads being verified (SPEC item 15).
///
/// It lives at `<cacheDir>/tmp/run-<pid>-…`, is removed when the operation ends (even when it
/// fails), and folders left by a run that crashed (its pid is dead) are removed when the next
/// one starts.
struct WorkArea: Sendable {
    /// Folders of operations still running in this process; never cleared as stale.
    private static let live = LiveSet()

    let fileSystem: any FileSystem
    /// The run's folder.
    let path: String

    /// Clears stale run folders under `<cacheDirectory>/tmp` and creates a new one.
    static func open(fileSystem: any FileSystem, cacheDirectory: String) throws -> WorkArea {
        let parent = cacheDirectory + "/tmp"
        do {
            try fileSystem.createDirectory(cacheDirectory, mode: 0o700)
            try fileSystem.createDirectory(parent, mode: 0o700)
            try fileSystem.setMode(parent, mode: 0o700)
            for name in try fileSystem.contents(ofDirectory: parent) where name.hasPrefix("run-") {
                let stale = parent + "/" + name
                // Another process's run (a second agent-backup on another prefix or bucket, a
                // verify beside a daemon) shares this cache folder: never pull its files away.
                if live.contains(stale) || Self.ownerIsAlive(name) { continue }
                try fileSystem.remove(stale)
            }
            let path = try fileSystem.makeTemporaryDirectory(in: parent, prefix: "run-\(getpid())-")
            live.insert(path)
            return WorkArea(fileSystem: fileSystem, path: path)
        } catch {
            throw EngineError(.failed,
                "Cannot prepare the private temporary folder in \(parent): \(error). Check that the cache folder is writable.")
        }
    }

    /// Whether the run folder `name` (`run-<pid>-…`) belongs to a live process other than this
    /// one (whose own live folders are in `live`). Folders without a pid are from older versions.
    static func ownerIsAlive(_ name: String) -> Bool {
        let parts = name.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let pid = Int32(parts[1]), pid > 0, pid != getpid() else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// A new empty file (0600) in the area.
    func makeFile(_ prefix: String) throws -> String {
        try fileSystem.makeTemporaryFile(in: path, prefix: prefix)
    }

    /// Removes the area and everything in it.
    func close() {
        try? fileSystem.remove(path)
        Self.live.remove(path)
    }
}

/// A set of strings shared between tasks.
private final class LiveSet: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }
    func insert(_ path: String) { _ = lock.withLock { paths.insert(path) } }
    func remove(_ path: String) { _ = lock.withLock { paths.remove(path) } }
}
