import Foundation

/// A private folder under the system temp folder (`TMPDIR` or `/tmp`), removed with everything in
/// it when the value is released, so tests never leave files behind or share them.
public final class TemporaryDirectory: Sendable {
    /// Absolute path, without a trailing slash.
    public let path: String

    /// Creates a new empty folder (mode 0700) named `<prefix>.<random>`, in `parent` when given
    /// (default: the system temp folder).
    public init(prefix: String = "agent-backup-test", in parent: String? = nil) throws {
        let base = parent ?? NSTemporaryDirectory()
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast())
        template += Array("\(prefix).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let result = mkdtemp(buffer.baseAddress!) else { return nil }
            return String(cString: result)
        }
        guard let created else {
            throw TemporaryDirectoryError(
                message: "cannot create a temporary folder in \(base) (errno \(errno)); check TMPDIR and free space")
        }
        path = created
    }

    /// A folder in memory (`/dev/shm`) when this machine has one, else in the temp folder: for
    /// tests that create and delete tens of thousands of files, which ext4 makes slow.
    public static func inMemoryIfPossible(prefix: String) throws -> TemporaryDirectory {
        if access("/dev/shm", W_OK) == 0, let folder = try? TemporaryDirectory(prefix: prefix, in: "/dev/shm") {
            return folder
        }
        return try TemporaryDirectory(prefix: prefix)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The absolute path of `relative` inside the folder (nothing is created).
    public func path(_ relative: String) -> String {
        path + "/" + relative
    }

    /// Writes `bytes` to `relative` (creating parent folders) and returns the absolute path.
    @discardableResult
    public func write(_ bytes: [UInt8], to relative: String) throws -> String {
        let target = path(relative)
        let parent = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: target, contents: Data(bytes)) else {
            throw TemporaryDirectoryError(message: "cannot write \(target)")
        }
        return target
    }

    /// The bytes of `relative`, or nil when it does not exist.
    public func read(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(relative)).map { [UInt8]($0) }
    }
}

/// Runs `body` with a fresh temporary folder, removed afterwards even when `body` throws.
public func withTemporaryDirectory<R>(
    prefix: String = "agent-backup-test", _ body: (String) async throws -> R
) async throws -> R {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { withExtendedLifetime(directory) {} }
    return try await body(directory.path)
}

/// Runs `body` with a fresh temporary folder, removed afterwards even when `body` throws.
public func withTemporaryDirectory<R>(prefix: String = "agent-backup-test", _ body: (String) throws -> R) throws -> R {
    let directory = try TemporaryDirectory(prefix: prefix)
    defer { withExtendedLifetime(directory) {} }
    return try body(directory.path)
}

/// A temporary folder could not be created or written.
public struct TemporaryDirectoryError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
