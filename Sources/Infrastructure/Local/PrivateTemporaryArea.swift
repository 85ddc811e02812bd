#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// Private scratch folders for plaintext copies (SQLite snapshots, downloads being verified):
/// `<parent>/run-<pid>-<random>`, mode 0700, under a tool-owned parent such as `<cacheDir>/tmp`.
///
/// `withArea` removes its folder whether the body succeeds or throws, and `clearStale()` (call it
/// once at start) removes what a crashed run left behind, so plaintext never lingers (SPEC item 15).
/// The parent itself is kept at 0700 and must be a real folder, not a symbolic link.
public struct PrivateTemporaryArea: Sendable {
    /// Folders older than this are stale even when their pid is alive again (pid reuse): one day.
    public static let defaultMaximumAge: Double = 86_400

    /// The tool-owned folder holding the run folders.
    public let parent: String
    private let fileSystem: any FileSystem
    private let clock: any WallClock
    private let processID: Int32
    private let isProcessAlive: @Sendable (Int32) -> Bool

    /// - Parameters:
    ///   - parent: a folder only this tool writes to, e.g. `<cacheDir>/tmp`; created (0700) when missing.
    ///   - processID: the pid written into folder names; defaults to this process.
    ///   - isProcessAlive: how to tell a live pid from a dead one; defaults to `kill(pid, 0)`.
    public init(
        parent: String,
        fileSystem: any FileSystem = PosixFileSystem(),
        clock: any WallClock = SystemClock(),
        processID: Int32 = getpid(),
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = PrivateTemporaryArea.processIsAlive
    ) {
        self.parent = parent
        self.fileSystem = fileSystem
        self.clock = clock
        self.processID = processID
        self.isProcessAlive = isProcessAlive
    }

    /// Creates a run folder, passes its path to `body`, and removes it (and everything in it)
    /// afterwards, also when `body` throws. A failure to remove it is reported when `body` succeeded.
    public func withArea<T>(_ body: (String) throws -> T) throws -> T {
        let folder = try create()
        let result: T
        do {
            result = try body(folder)
        } catch {
            try? fileSystem.remove(folder)
            throw error
        }
        try fileSystem.remove(folder)
        return result
    }

    /// The `async` form of `withArea`: the folder is removed after `body` finishes or throws.
    public func withArea<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (String) async throws -> T
    ) async throws -> T {
        let folder = try create()
        let result: T
        do {
            result = try await body(folder)
        } catch {
            try? fileSystem.remove(folder)
            throw error
        }
        try fileSystem.remove(folder)
        return result
    }

    /// A new run folder `<parent>/run-<pid>-XXXXXX` (0700). The caller must remove it; prefer `withArea`.
    public func create() throws -> String {
        try prepareParent()
        return try fileSystem.makeTemporaryDirectory(in: parent, prefix: "run-\(processID)-")
    }

    /// Removes run folders left by earlier runs: those whose pid is dead, those of other pids
    /// not modified for `maximumAge` seconds, and `run-…` folders without a pid (older versions).
    /// Folders of this process and entries not named `run-…` are left alone. Creates the parent
    /// when missing. Returns the removed paths.
    @discardableResult
    public func clearStale(maximumAge: Double = PrivateTemporaryArea.defaultMaximumAge) throws -> [String] {
        try prepareParent()
        let nowNs = Int64(clock.now().timeIntervalSince1970 * 1_000_000_000)
        var removed: [String] = []
        for name in try fileSystem.contents(ofDirectory: parent).sorted() {
            guard name.utf8.starts(with: "run-".utf8) else { continue }
            let pid = Self.processID(inFolderName: name)
            if pid == processID { continue }
            let path = parent + "/" + name
            guard let status = try fileSystem.status(path) else { continue }
            let ageSeconds = Double(nowNs - status.mtimeNs) / 1_000_000_000
            if pid.map({ !isProcessAlive($0) }) ?? true || ageSeconds > maximumAge {
                try fileSystem.remove(path)
                removed.append(path)
            }
        }
        return removed
    }

    /// The pid in a run folder's name (`run-<pid>-…`), nil for any other name.
    static func processID(inFolderName name: String) -> Int32? {
        let parts = name.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "run", let pid = Int32(parts[1]), pid > 0 else { return nil }
        return pid
    }

    /// Whether `pid` names a live process (`kill(pid, 0)`; a process we may not signal is alive).
    public static func processIsAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The parent must be a real folder kept at 0700: created when missing, tightened when looser.
    private func prepareParent() throws {
        guard let status = try fileSystem.status(parent) else {
            try fileSystem.createDirectory(parent, mode: 0o700)
            try fileSystem.setMode(parent, mode: 0o700)
            return
        }
        guard status.kind == .directory else {
            throw FileSystemError(
                path: parent, operation: "prepare temporary folder", errno: ENOTDIR,
                message: "is not a folder (a file or a symbolic link); remove it so agent-backup can keep its private temporary copies there")
        }
        if status.mode & 0o777 != 0o700 {
            try fileSystem.setMode(parent, mode: 0o700)
        }
    }
}

/// The scratch space of a real run: `PrivateTemporaryArea` folders under the given parent.
public struct PrivateScratchSpace: ScratchSpace {
    private let fileSystem: any FileSystem
    private let clock: any WallClock

    public init(fileSystem: any FileSystem = PosixFileSystem(), clock: any WallClock = SystemClock()) {
        self.fileSystem = fileSystem
        self.clock = clock
    }

    public func openArea(under parent: String) throws -> String {
        let area = PrivateTemporaryArea(parent: parent, fileSystem: fileSystem, clock: clock)
        try area.clearStale()
        return try area.create()
    }
}
