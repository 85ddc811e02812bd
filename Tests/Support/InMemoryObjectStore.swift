import AgentBackupPorts
import Foundation

/// An `ObjectStore` in memory with S3's semantics, for fast tests of everything above the store.
///
/// Keys are compared as UTF-8 bytes (never with Swift's canonical `String ==`, which would merge
/// `é` and `e\u{301}` that S3 keeps apart); listings follow `ListObjectsV2` exactly. Faults
/// (`InMemoryObjectStore+Faults.swift`) make calls fail, slow down, or return damaged bytes;
/// counters and `calls` show what the code under test asked for.
public final class InMemoryObjectStore: ObjectStore {
    /// Shown in error messages and conformance failures.
    public let displayName: String
    let state = Locked(State())

    struct Stored {
        var bytes: [UInt8]
        var contentType: String
        var etag: String

        init(bytes: [UInt8], contentType: String) {
            self.bytes = bytes
            self.contentType = contentType
            etag = InMemoryObjectStore.etag(bytes)
        }
    }

    struct State {
        var objects: [StoreKey: Stored] = [:] {
            didSet { sortedKeys = nil }
        }
        /// `objects.keys` in byte order, kept until the next change (listing 2,500 keys page by page
        /// would otherwise sort them for every page).
        var sortedKeys: [StoreKey]? = nil
        var faults: [StoreFault] = []
        var latency: [StoreOperation?: Duration] = [:]
        var corruptions: [StoreKey: Int] = [:]
        var truncations: [StoreKey: Int] = [:]
        var calls: [StoreCall] = []
        var inFlight = 0
        var peakInFlight = 0
        var randomFaults: RandomStoreFaults? = nil
        /// See `keepsEmptyPrefixes` (InMemoryObjectStore+EmptyPrefixes.swift).
        var keepsEmptyPrefixes = false
        var emptiedFolders: Set<String> = []
    }

    /// - Parameter displayName: shown in messages, like a real store's `s3://bucket (endpoint)`.
    public init(displayName: String = "memory://test") {
        self.displayName = displayName
    }

    public func put(key: String, body: ObjectBody, contentType: String) async throws {
        try await perform(.put, [key]) {
            let bytes: [UInt8]
            switch body {
            case .bytes(let b):
                bytes = b
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw StoreError(
                        .localIO, operation: "PUT", key: key, message: "cannot read the body file \(path)",
                        hint: "check that the file exists and is readable")
                }
                bytes = [UInt8](data)
            }
            state.withLock { $0.objects[StoreKey(key)] = Stored(bytes: bytes, contentType: contentType) }
        }
    }

    @discardableResult
    public func get(key: String, toFile path: String) async throws -> Int64 {
        try await perform(.getToFile, [key]) { cut in
            let stored = try readBytes(key: key, operation: .getToFile, maxBytes: nil)
            // A download cut off half way leaves half a file, as a real one does.
            let bytes = cut ? Array(stored.prefix(stored.count / 2)) : stored
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
                throw StoreError(
                    .localIO, operation: "GET", key: key, message: "cannot write the download to \(path)",
                    hint: "check that the folder exists and is writable")
            }
            return Int64(bytes.count)
        }
    }

    public func get(key: String, maxBytes: Int) async throws -> [UInt8] {
        try await perform(.getBytes, [key]) {
            try readBytes(key: key, operation: .getBytes, maxBytes: maxBytes)
        }
    }

    /// The part of `range` the object holds, after the read faults (a truncation shortens the
    /// object, a corruption flips its byte wherever it falls).
    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        guard !range.isEmpty, range.lowerBound >= 0 else { return [] }
        return try await perform(.getRange, [key]) {
            let bytes = try readBytes(key: key, operation: .getRange, maxBytes: nil)
            guard range.lowerBound < Int64(bytes.count) else { return [] }
            return Array(bytes[Int(range.lowerBound)..<Int(min(range.upperBound, Int64(bytes.count)))])
        }
    }

    public func copy(from sourceKey: String, to destinationKey: String) async throws {
        try await perform(.copy, [sourceKey, destinationKey]) {
            try state.withLock { state in
                guard let source = state.objects[StoreKey(sourceKey)] else {
                    throw StoreError(
                        .notFound, operation: "COPY", key: sourceKey, httpStatus: 404, serverCode: "NoSuchKey",
                        message: "the source object does not exist")
                }
                state.objects[StoreKey(destinationKey)] = source
            }
        }
    }

    public func list(
        prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?
    ) async throws -> ObjectListing {
        try await perform(.list, [prefix]) {
            // Only the keys from the prefix (or the marker) on that start with the prefix: a page
            // of a listing of 10,000 keys must not build 10,000 entries.
            let sorted = state.withLock { state in
                let keys = state.sortedKeys ?? state.objects.keys.sorted()
                state.sortedKeys = keys
                let prefixKey = StoreKey(prefix)
                var index = StoreKey.lowerBound(of: prefixKey, in: keys)
                if let marker = continuationToken ?? startAfter {
                    index = max(index, StoreKey.lowerBound(of: StoreKey(marker), in: keys))
                }
                var infos: [ObjectInfo] = []
                while index < keys.count, keys[index].hasPrefix(prefixKey) {
                    let stored = state.objects[keys[index]]!
                    infos.append(ObjectInfo(key: keys[index].string, size: Int64(stored.bytes.count), etag: stored.etag))
                    index += 1
                }
                return infos
            }
            let paginator = ListingPaginator(
                prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, startAfter: startAfter,
                maxKeys: maxKeys)
            return withEmptiedFolders(paginator.page(sorted: sorted), prefix: prefix, delimiter: delimiter,
                                      continuationToken: continuationToken)
        }
    }

    public func delete(keys: [String]) async throws {
        try await perform(.delete, keys) {
            state.withLock { state in
                for key in keys { state.objects[StoreKey(key)] = nil }
                if state.keepsEmptyPrefixes { state.emptiedFolders.formUnion(keys.flatMap(Self.folders(of:))) }
            }
        }
    }

    public func head(key: String) async throws -> ObjectInfo? {
        try await perform(.head, [key]) {
            state.withLock { state in
                state.objects[StoreKey(key)].map { ObjectInfo(key: key, size: Int64($0.bytes.count), etag: $0.etag) }
            }
        }
    }

    /// The bytes a read returns: the stored bytes, checked against `maxBytes`, then damaged as the
    /// read faults say.
    private func readBytes(key: String, operation: StoreOperation, maxBytes: Int?) throws -> [UInt8] {
        try state.withLock { state in
            let storeKey = StoreKey(key)
            guard var bytes = state.objects[storeKey]?.bytes else {
                throw StoreError(
                    .notFound, operation: operation.errorName, key: key, httpStatus: 404, serverCode: "NoSuchKey",
                    message: "the object does not exist")
            }
            if let maxBytes, bytes.count > maxBytes {
                throw StoreError(
                    .tooLarge, operation: operation.errorName, key: key,
                    message: "the object is \(bytes.count) bytes, more than the \(maxBytes) allowed")
            }
            if let length = state.truncations[storeKey], length < bytes.count {
                bytes.removeLast(bytes.count - length)
            }
            if let offset = state.corruptions[storeKey], !bytes.isEmpty {
                bytes[min(offset, bytes.count - 1)] ^= 0xFF
            }
            return bytes
        }
    }

    /// A stable entity tag: FNV-1a 64 of the bytes, in hex (real stores use MD5; nothing may rely on
    /// the form). Through a buffer pointer: array iteration is slow in debug builds.
    static func etag(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A key compared, hashed and ordered by its UTF-8 bytes, as S3 does.
struct StoreKey: Hashable, Comparable, Sendable {
    let bytes: [UInt8]

    init(_ key: String) {
        bytes = Array(key.utf8)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the key starts with `prefix`'s bytes.
    func hasPrefix(_ prefix: StoreKey) -> Bool {
        guard bytes.count >= prefix.bytes.count else { return false }
        guard !prefix.bytes.isEmpty else { return true }
        return bytes.withUnsafeBufferPointer { a in
            prefix.bytes.withUnsafeBufferPointer { b in memcmp(a.baseAddress!, b.baseAddress!, b.count) == 0 }
        }
    }

    /// The index of the first key in `sorted` not below `key`.
    static func lowerBound(of key: StoreKey, in sorted: [StoreKey]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Byte order by `memcmp`: a generic byte-by-byte comparison is slow enough in debug builds
    /// to dominate tests that list tens of thousands of keys.
    static func < (lhs: StoreKey, rhs: StoreKey) -> Bool {
        lhs.bytes.withUnsafeBufferPointer { a in
            rhs.bytes.withUnsafeBufferPointer { b in
                let common = min(a.count, b.count)
                let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
        }
    }
}
