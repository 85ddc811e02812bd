import AgentBackupPorts
import Foundation

/// The state of one conformance check: the store, the key prefix it works under, a scratch folder
/// for files, and assertion helpers that throw `ConformanceViolation`.
struct ConformanceContext: Sendable {
    let check: StoreConformance.Case
    let store: any ObjectStore
    /// `prefix + case + "/"`: every key of the check starts with it.
    let base: String
    let options: StoreConformance.Options
    let scratch: TemporaryDirectory

    init(check: StoreConformance.Case, store: any ObjectStore, base: String, options: StoreConformance.Options) throws {
        self.check = check
        self.store = store
        self.base = base
        self.options = options
        scratch = try TemporaryDirectory(prefix: "conformance-\(check.rawValue)")
    }

    /// Runs the check, then deletes what it wrote (only when it passed, so a failure can be inspected).
    func run() async throws {
        switch check {
        case .bytesRoundTrip: try await bytesRoundTrip()
        case .fileRoundTrip: try await fileRoundTrip()
        case .emptyObject: try await emptyObject()
        case .specialCharacterKeys: try await specialCharacterKeys()
        case .overwrite: try await overwrite()
        case .getMissingIsNotFound: try await getMissingIsNotFound()
        case .headMissingIsNil: try await headMissingIsNil()
        case .maxBytesCap: try await maxBytesCap()
        case .rangedRead: try await rangedRead()
        case .rangedReadLargeObject: try await rangedReadLargeObject()
        case .copy: try await copy()
        case .copyMissingIsNotFound: try await copyMissingIsNotFound()
        case .listPrefix: try await listPrefix()
        case .delimiterListing: try await delimiterListing()
        case .pagination: try await pagination()
        case .deleteMany: try await deleteMany()
        case .largeObject: try await largeObject()
        case .putFromMissingFileIsLocalIO: try await putFromMissingFileIsLocalIO()
        case .getIntoMissingFolderIsLocalIO: try await getIntoMissingFolderIsLocalIO()
        case .pathLikeKeysVerbatim: try await pathLikeKeysVerbatim()
        case .unicodeNormalizationDistinct: try await unicodeNormalizationDistinct()
        }
        let left = try await store.listAll(prefix: base)
        if !left.objects.isEmpty {
            try await store.delete(keys: left.objects.map(\.key))
        }
    }

    // MARK: Assertions

    func violation(_ message: String, _ file: String, _ line: Int) -> ConformanceViolation {
        ConformanceViolation(check: check, store: store.displayName, message: message, location: "\(file):\(line)")
    }

    func expect(_ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws {
        if !condition { throw violation(message(), file, line) }
    }

    func expectEqual<T: Equatable>(
        _ actual: T, _ expected: T, _ what: String, file: String = #fileID, line: Int = #line
    ) throws {
        if actual != expected {
            throw violation("\(what): expected \(Self.show(expected)), got \(Self.show(actual))", file, line)
        }
    }

    /// Lists of keys compared as UTF-8 bytes (Swift `==` on strings ignores normalization).
    func expectKeys(_ actual: [String], _ expected: [String], _ what: String, file: String = #fileID, line: Int = #line) throws {
        if actual.map({ Array($0.utf8) }) != expected.map({ Array($0.utf8) }) {
            throw violation("\(what): expected \(Self.show(expected)), got \(Self.show(actual))", file, line)
        }
    }

    /// `body` must throw a `StoreError` with `code`.
    func expectStoreError(
        _ code: StoreError.Code, _ what: String, file: String = #fileID, line: Int = #line,
        _ body: () async throws -> Void
    ) async throws {
        do {
            try await body()
        } catch let error as StoreError {
            if error.code != code {
                throw violation("\(what): expected StoreError code \(code), got \(error.code): \(error)", file, line)
            }
            return
        } catch {
            throw violation("\(what): expected StoreError code \(code), got \(type(of: error)): \(error)", file, line)
        }
        throw violation("\(what): expected StoreError code \(code), but it succeeded", file, line)
    }

    static func show<T>(_ value: T) -> String {
        let text = String(reflecting: value)
        return text.count > 600 ? String(text.prefix(600)) + "… (\(text.count) characters)" : text
    }

    // MARK: Helpers

    /// Distinct bytes per key, so a store that mixes objects up is caught.
    static func content(for key: String) -> [UInt8] {
        Array("content of \(key)".utf8)
    }

    /// Puts every key (its `content(for:)`) with bounded concurrency.
    func putAll(_ keys: [String]) async throws {
        let store = store
        try await withThrowingTaskGroup(of: Void.self) { group in
            var iterator = keys.makeIterator()
            for _ in 0..<max(1, options.uploadConcurrency) {
                guard let key = iterator.next() else { break }
                group.addTask { try await store.put(key: key, body: .bytes(Self.content(for: key)), contentType: "text/plain") }
            }
            while try await group.next() != nil {
                guard let key = iterator.next() else { continue }
                group.addTask { try await store.put(key: key, body: .bytes(Self.content(for: key)), contentType: "text/plain") }
            }
        }
    }

    /// `get(toFile:)` into the scratch folder; returns the bytes and the count the store reported.
    func getViaFile(_ key: String) async throws -> (bytes: [UInt8], reported: Int64) {
        let path = scratch.path("download-\(UUID().uuidString)")
        let reported = try await store.get(key: key, toFile: path)
        let bytes = scratch.read((path as NSString).lastPathComponent) ?? []
        try? FileManager.default.removeItem(atPath: path)
        return (bytes, reported)
    }

    /// Every object key under `prefix`, all pages, no delimiter.
    func allKeys(_ prefix: String) async throws -> [String] {
        let keys = try await store.listAll(prefix: prefix).objects.map(\.key)
        return options.byteOrderedListing ? keys : Self.byteSorted(keys)
    }

    /// Sorts by UTF-8 bytes, the order S3 lists in.
    static func byteSorted(_ keys: [String]) -> [String] {
        keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
