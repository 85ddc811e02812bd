import Foundation
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// A value behind a lock, for the doubles' counters.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.withLock { value } }
    @discardableResult func update<R>(_ body: (inout Value) -> R) -> R { lock.withLock { body(&value) } }
}

/// The real hasher, counting (and optionally refusing) file reads: proves unchanged files are never read.
final class CountingHasher: ContentHasher {
    private let base = OpenSSLHasher()
    private let readPaths = Guarded<[String]>([])
    let unreadable = Guarded<Set<String>>([])

    var reads: Int { readPaths.get().count }
    var paths: [String] { readPaths.get() }
    func reset() { readPaths.update { $0 = [] } }

    func digest(ofFile path: String) throws -> ContentDigest {
        readPaths.update { $0.append(path) }
        if unreadable.get().contains(path) {
            throw FileSystemError(path: path, operation: "open", errno: 13, message: "Permission denied")
        }
        return try base.digest(ofFile: path)
    }

    func digest(of bytes: [UInt8]) -> ContentDigest { base.digest(of: bytes) }
}

/// A codec counting the files it reads.
final class CountingCodec: ContentCodec {
    let base: any ContentCodec
    private let encodes = Guarded(0)
    private let decodes = Guarded(0)
    init(_ base: any ContentCodec) { self.base = base }

    var fileEncodes: Int { encodes.get() }
    var fileDecodes: Int { decodes.get() }
    var encrypts: Bool { base.encrypts }

    func encode(file source: String, to destination: String) throws -> ContentDigest {
        encodes.update { $0 += 1 }
        return try base.encode(file: source, to: destination)
    }

    func decode(file source: String, to destination: String, objectName: String) throws -> ContentDigest {
        decodes.update { $0 += 1 }
        return try base.decode(file: source, to: destination, objectName: objectName)
    }

    func encode(_ plaintext: [UInt8]) throws -> [UInt8] { try base.encode(plaintext) }
    func decode(_ stored: [UInt8], objectName: String) throws -> [UInt8] { try base.decode(stored, objectName: objectName) }

    func encode(smallFile source: String, maxBytes: Int) throws -> EncodedObject? {
        encodes.update { $0 += 1 }
        return try base.encode(smallFile: source, maxBytes: maxBytes)
    }

    func decode(_ stored: [UInt8], to destination: String, objectName: String) throws -> ContentDigest {
        decodes.update { $0 += 1 }
        return try base.decode(stored, to: destination, objectName: objectName)
    }
}

/// A snapshotter whose copy differs from the live file (prefix `snapshot:`), like a backup of a
/// database whose WAL holds rows: proves the manifest describes the copy.
final class FakeSQLiteSnapshotter: SQLiteSnapshotter {
    let calls = Guarded<[String]>([])
    let failing = Guarded<Set<String>>([])

    func snapshot(database: String, to destination: String) throws {
        calls.update { $0.append(database) }
        if failing.get().contains(database) {
            throw SQLiteSnapshotError(database: database, message: "database disk image is malformed")
        }
        guard let data = FileManager.default.contents(atPath: database) else {
            throw SQLiteSnapshotError(database: database, message: "cannot open")
        }
        _ = FileManager.default.createFile(atPath: destination, contents: Data("snapshot:".utf8) + data)
    }
}

/// Records what the engine asks a store for, with the arguments the in-memory store's counters do
/// not keep (listing delimiters, body kinds, copy sources).
final class SpyStore: ObjectStore {
    struct Put: Sendable, Equatable { var key: String; var isFile: Bool; var contentType: String }
    struct List: Sendable, Equatable { var prefix: String; var delimiter: String? }
    struct Copy: Sendable, Equatable { var from: String; var to: String }

    let base: InMemoryObjectStore
    let puts = Guarded<[Put]>([])
    let lists = Guarded<[List]>([])
    let copies = Guarded<[Copy]>([])
    init(_ base: InMemoryObjectStore) { self.base = base }

    func reset() {
        puts.update { $0 = [] }
        lists.update { $0 = [] }
        copies.update { $0 = [] }
        base.resetCalls()
    }

    var displayName: String { base.displayName }
    func put(key: String, body: ObjectBody, contentType: String) async throws {
        if case .file = body { puts.update { $0.append(Put(key: key, isFile: true, contentType: contentType)) } }
        else { puts.update { $0.append(Put(key: key, isFile: false, contentType: contentType)) } }
        try await base.put(key: key, body: body, contentType: contentType)
    }
    func get(key: String, toFile path: String) async throws -> Int64 { try await base.get(key: key, toFile: path) }
    func get(key: String, maxBytes: Int) async throws -> [UInt8] { try await base.get(key: key, maxBytes: maxBytes) }
    func get(key: String, range: Range<Int64>) async throws -> [UInt8] { try await base.get(key: key, range: range) }
    func copy(from sourceKey: String, to destinationKey: String) async throws {
        copies.update { $0.append(Copy(from: sourceKey, to: destinationKey)) }
        try await base.copy(from: sourceKey, to: destinationKey)
    }
    func list(prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?) async throws -> ObjectListing {
        lists.update { $0.append(List(prefix: prefix, delimiter: delimiter)) }
        return try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, startAfter: startAfter, maxKeys: maxKeys)
    }
    func delete(keys: [String]) async throws { try await base.delete(keys: keys) }
    func head(key: String) async throws -> ObjectInfo? { try await base.head(key: key) }
}
