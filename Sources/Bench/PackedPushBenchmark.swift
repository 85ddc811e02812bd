import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation

/// `packed-push SOURCE STORE-DIR [--plain]`: pushes every regular file under SOURCE (or the file
/// SOURCE) into a packed repository in a local folder store at STORE-DIR (created on the first
/// run, encrypted unless --plain), `transfers` files at once as the engine does, and prints one
/// JSON line: files, bytes read, bytes uploaded, objects written, seconds, CPU seconds, peak RSS.
/// A second run over the same STORE-DIR deduplicates against the first.
struct PackedPushBenchmark {
    var source: String
    var storeDirectory: String
    var passphrase: String? = "agent-backup-bench"
    var transfers = 4

    init(arguments: [String]) throws {
        var rest = arguments.filter { $0 != "--plain" }
        guard rest.count == 2 else { throw BenchError("usage: agent-backup-bench packed-push SOURCE STORE-DIR [--plain]") }
        storeDirectory = rest.removeLast()
        source = rest.removeLast()
        if arguments.contains("--plain") { passphrase = nil }
    }

    func run() async throws {
        let files = try Self.regularFiles(under: source)
        let store = CountingStore(try LocalDirectoryStore(directory: storeDirectory, bucket: "bench"))
        let settings = PackedRepositorySettings(
            prefix: "bench", passphrase: passphrase, cacheFolder: storeDirectory + "/cache", transfers: transfers)
        let start = monotonicSeconds(), cpu = ResourceUsage.now().cpuSeconds
        let repository = try await PackedRepositoryOpener(store: store, settings: settings).open(scratch: "/tmp", forWriting: true)
        let ref = SnapshotRef.regular(SnapshotID(date: Date()))
        let writer = try await repository.beginSnapshot(ref, previous: nil)
        let entries = try await concurrentMap(files, limit: transfers) { file -> (VirtualPath, ManifestEntry) in
            let size = Int64((try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)??.int64Value ?? 0)
            let source = LocalSource(
                path: file.path, expected: ManifestEntry(hash: String(repeating: "0", count: 64), size: size), isStable: true,
                status: FileStatus(kind: .regular, size: size, mtimeNs: 0, ctimeNs: 0, inode: 0))
            let virtual = try VirtualPath(file.virtual)
            return (virtual, try await writer.store(virtual, from: source))
        }
        let manifest = Manifest(snapshot: ref.id, files: Dictionary(entries, uniquingKeysWith: { first, _ in first }))
        _ = try await writer.commit(manifest, metadata: [:])
        let seconds = monotonicSeconds() - start
        let cpuSeconds = ResourceUsage.now().cpuSeconds - cpu
        FileHandleOutput.standardOutput(#"{"files":\#(files.count),"bytes":\#(manifest.totalSize),"uploadedBytes":\#(store.uploadedBytes),"#
            + #""puts":\#(store.puts),"seconds":\#(seconds),"cpuSeconds":\#(cpuSeconds),"peakRSSBytes":\#(ResourceUsage.ownPeakResidentBytes())}"#)
    }

    /// (absolute path, virtual path `bench/<relative>`) of every regular file, sorted.
    static func regularFiles(under root: String) throws -> [(path: String, virtual: String)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { throw BenchError("\(root) does not exist") }
        guard isDirectory.boolValue else { return [(root, "bench/" + (root as NSString).lastPathComponent)] }
        var files: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            if (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular {
                files.append((path, "bench/" + relative))
            }
        }
        return files.sorted { $0.1.utf8.lexicographicallyPrecedes($1.1.utf8) }
    }
}

/// Counts puts and uploaded bytes of the store under it.
final class CountingStore: ObjectStore, @unchecked Sendable {
    private let base: any ObjectStore
    private let counts = Locked((puts: 0, bytes: Int64(0)))
    init(_ base: any ObjectStore) { self.base = base }
    var puts: Int { counts.withLock { $0.puts } }
    var uploadedBytes: Int64 { counts.withLock { $0.bytes } }
    var displayName: String { base.displayName }
    func put(key: String, body: ObjectBody, contentType: String) async throws {
        if case .bytes(let bytes) = body { counts.withLock { $0.puts += 1; $0.bytes += Int64(bytes.count) } }
        try await base.put(key: key, body: body, contentType: contentType)
    }
    func get(key: String, toFile path: String) async throws -> Int64 { try await base.get(key: key, toFile: path) }
    func get(key: String, maxBytes: Int) async throws -> [UInt8] { try await base.get(key: key, maxBytes: maxBytes) }
    func get(key: String, range: Range<Int64>) async throws -> [UInt8] { try await base.get(key: key, range: range) }
    func copy(from sourceKey: String, to destinationKey: String) async throws { try await base.copy(from: sourceKey, to: destinationKey) }
    func list(prefix: String, delimiter: String?, continuationToken: String?, startAfter: String?, maxKeys: Int?) async throws -> ObjectListing {
        try await base.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, startAfter: startAfter, maxKeys: maxKeys)
    }
    func delete(keys: [String]) async throws { try await base.delete(keys: keys) }
    func head(key: String) async throws -> ObjectInfo? { try await base.head(key: key) }
}
