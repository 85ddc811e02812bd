import AgentBackupPorts
import NIOPosix

/// An `ObjectStore` in a local folder (`file:///abs/dir`): each object is a file under
/// `<dir>/<bucket>/`, at a path derived from its key by `LocalKeyMapping` (no key can reach outside
/// that folder, and listing gives back the exact keys).
///
/// Writes go to a temporary file in the destination folder, are flushed with `fsync` and renamed
/// into place, so a crash never leaves a torn object. Bodies and downloads are streamed in 1 MiB
/// pieces. Listing follows S3 (UTF-8 byte order, delimiter, pagination). Deleting an object removes
/// the folders it leaves empty. Blocking file calls run on NIO's thread pool, not on Swift's
/// cooperative threads.
///
/// Unlike S3, a key cannot also be a folder of other keys (`a` and `a/b`): such a put fails with a
/// `.permanent` error saying so. Case- or normalization-insensitive file systems (macOS by
/// default) merge keys that differ only in case or Unicode normalization.
public struct LocalDirectoryStore: ObjectStore {
    /// The folder given by the user (`dir` in `file:///abs/dir`).
    public let directory: String
    /// The bucket name: a folder inside `directory`.
    public let bucket: String
    /// `<directory>/<bucket>`: every object lives below it.
    public let root: String

    /// `file://<directory>/<bucket>`: where the objects are, for messages.
    public var displayName: String { "file://\(root)" }

    /// - Parameters:
    ///   - directory: an absolute path; created on the first write if missing.
    ///   - bucket: one folder name (not empty, `.`, `..`, and without `/` or NUL).
    public init(directory: String, bucket: String) throws {
        guard directory.hasPrefix("/") else {
            throw StoreError(
                .permanent, operation: "OPEN", message: "the local store folder \"\(directory)\" is not an absolute path",
                hint: "use file:///absolute/path")
        }
        guard !bucket.isEmpty, bucket != ".", bucket != "..", !bucket.contains("/"), !bucket.utf8.contains(0) else {
            throw StoreError(
                .permanent, operation: "OPEN", message: "\"\(bucket)\" cannot be a bucket folder name",
                hint: "use a bucket name without '/' that is not '.' or '..'")
        }
        var trimmed = Array(directory.utf8)
        while trimmed.count > 1, trimmed.last == UInt8(ascii: "/") { trimmed.removeLast() }
        self.directory = String(decoding: trimmed, as: UTF8.self)
        self.bucket = bucket
        root = (self.directory == "/" ? "" : self.directory) + "/" + bucket
    }

    /// Opens the store a `file:///abs/dir` URL names (percent-escapes in the path are decoded).
    public init(fileURL: String, bucket: String) throws {
        guard fileURL.hasPrefix("file://") else {
            throw StoreError(
                .permanent, operation: "OPEN", message: "\"\(fileURL)\" is not a file:// URL", hint: "use file:///absolute/path")
        }
        let path = String(fileURL.dropFirst("file://".count))
        guard let decoded = path.removingPercentEncodingStrictly() else {
            throw StoreError(
                .permanent, operation: "OPEN", message: "\"\(fileURL)\" has a broken percent-escape", hint: "use file:///absolute/path")
        }
        try self.init(directory: decoded, bucket: bucket)
    }

    /// Streams the body into a temporary file beside the object, fsyncs it and renames it over the
    /// object (mode 0600). The content type is not kept: nothing reads it back.
    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        try Self.validate(key, operation: "PUT")
        try await blocking { try putNow(key: key, body: body) }
    }

    /// Streams the object into `path` (created with mode 0600, or truncated). A missing object is
    /// `.notFound` and leaves `path` untouched.
    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        try Self.validate(key, operation: "GET")
        return try await blocking { try getNow(key: key, toFile: path) }
    }

    /// Reads a small object, checking its size before allocating.
    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try Self.validate(key, operation: "GET")
        return try await blocking { try getNow(key: key, maxBytes: maxBytes) }
    }

    /// Copies through a temporary file and a rename, like `put`.
    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        try Self.validate(sourceKey, operation: "COPY")
        try Self.validate(destinationKey, operation: "COPY")
        try await blocking { try copyNow(from: sourceKey, to: destinationKey) }
    }

    /// One page in S3's order and rules; continuation tokens are the last key or common prefix
    /// returned. Only folders that can hold keys of the page are read.
    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        let page = LocalListingPage(
            prefix: Array(prefix.utf8), delimiter: Array((delimiter ?? "").utf8), continuationToken: continuationToken,
            startAfter: startAfter, maxKeys: maxKeys)
        return try await blocking { try listNow(page) }
    }

    /// Removes each object's file and then the folders left empty (never the bucket folder).
    public func delete(keys: [String]) async throws {
        for key in keys { try Self.validate(key, operation: "DELETE") }
        try await blocking { try deleteNow(keys: keys) }
    }

    /// The object's size; no etag (a local store has none worth computing).
    public func head(key: String) async throws -> ObjectInfo? {
        try Self.validate(key, operation: "HEAD")
        let path = path(for: key)
        return try await blocking { LocalFileIO.regularFileSize(path).map { ObjectInfo(key: key, size: $0) } }
    }

    /// The file that holds `key`.
    func path(for key: String) -> String {
        root + "/" + LocalKeyMapping.components(of: key).joined(separator: "/")
    }

    /// Runs blocking file work on NIO's thread pool.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }

    /// S3 refuses empty keys; so do we, rather than writing the bucket folder itself.
    static func validate(_ key: String, operation: String) throws {
        if key.isEmpty {
            throw StoreError(.permanent, operation: operation, key: key, message: "an object key cannot be empty")
        }
    }
}

extension String {
    /// Decodes `%XX` escapes; nil when an escape is broken or the result is not UTF-8.
    func removingPercentEncodingStrictly() -> String? {
        var out: [UInt8] = []
        var bytes = Array(utf8)[...]
        while let byte = bytes.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            guard bytes.count >= 2, let high = hexValue(bytes[bytes.startIndex]), let low = hexValue(bytes[bytes.startIndex + 1])
            else { return nil }
            out.append(high << 4 | low)
            bytes = bytes.dropFirst(2)
        }
        let decoded = String(decoding: out, as: UTF8.self)
        return Array(decoded.utf8) == out ? decoded : nil
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
