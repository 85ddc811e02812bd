import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// Passphrase of the reference fixtures; any works for the unit tests.
let testPassphrase = "correct horse battery staple"

/// One test's world: real files in a temp folder (roots `config` and `data`, rules of the reference
/// fixture bucket), the in-memory store, a fake clock ahead of the files' mtimes (so the stat cache
/// trusts them), counting wrappers around the hasher and the codec.
final class EngineHarness: Sendable {
    let directory: TemporaryDirectory
    let store: InMemoryObjectStore
    let spy: SpyStore
    let clock: FakeClock
    let hasher = CountingHasher()
    let codec: CountingCodec
    let sqlite = FakeSQLiteSnapshotter()
    let fileSystem: FaultyFileSystem
    let progress = RecordingProgress()
    let configuration: EngineConfiguration

    init(
        encrypted: Bool = true, keep: Int = 10, transferConcurrency: Int = 4, store: InMemoryObjectStore = InMemoryObjectStore(),
        folding: NameFolding = .none
    ) throws {
        directory = try TemporaryDirectory(prefix: "engine-test")
        self.store = store
        spy = SpyStore(store)
        clock = FakeClock(now: Date().addingTimeInterval(60))
        codec = CountingCodec(encrypted ? EncryptingCodec(passphrase: testPassphrase) : PlainCodec())
        fileSystem = FaultyFileSystem(base: PosixFileSystem(), folding: folding)
        configuration = EngineConfiguration(prefix: "test-backup", retention: .keepLast(keep),
                                            cacheDirectory: directory.path("cache"), transferConcurrency: transferConcurrency)
        try FileManager.default.createDirectory(atPath: directory.path("config"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory.path("data"), withIntermediateDirectories: true)
    }

    /// A fresh engine (as a new process would make), sharing the store, files and caches.
    func engine(codec: (any ContentCodec)? = nil, configuration: EngineConfiguration? = nil) -> BackupEngine {
        let configuration = configuration ?? self.configuration
        let repositories = ReferenceRepositoryOpener(store: spy, codec: codec ?? self.codec, hasher: hasher, fileSystem: fileSystem,
                                                     prefix: configuration.prefix)
        return BackupEngine(repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem), sqlite: sqlite,
                            clock: clock, progress: progress, configuration: configuration)
    }

    var roots: [Root] {
        [Root(label: "config", path: directory.path("config")), Root(label: "data", path: directory.path("data"))]
    }

    var target: BackupTarget {
        BackupTarget(id: "test", roots: roots, rules: Self.rules)
    }

    static let rules = try! PathRules(
        include: [#"^config/.*\.(json|ya?ml|toml|md)$"#, "^data/"],
        exclude: ["-wal$", "-shm$", "/cache/", #"\.tmp$"#],
        secretExclude: [#"(^|/)credentials\.json$"#, #"(^|/)\.env$"#, "(^|/)secrets/"],
        sqlite: [#"\.db$"#])

    /// Writes a file under the temp folder (`config/a.json`).
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try directory.write(Array(text.utf8), to: relative)
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        try directory.write(bytes, to: relative)
    }

    func read(_ relative: String) -> String? {
        directory.read(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.path(relative))
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: directory.path(relative))
    }

    /// Moves the fake clock 5 s on, and never less than 60 s ahead of real time: on a loaded
    /// machine a test can run for over a minute, and a file written then must still be older
    /// than the racy window when the engine looks, or it is hashed again.
    func tick() {
        clock.advance(by: 5)
        let floor = Date().addingTimeInterval(60)
        if clock.now() < floor { clock.set(floor) }
    }

    /// Pushes with a new engine after moving the clock on (ids differ, the racy window passes).
    @discardableResult
    func push() async throws -> PushSummary {
        tick()
        return try await engine().push(target)
    }

    @discardableResult
    func restore(_ options: RestoreOptions = RestoreOptions()) async throws -> RestoreSummary {
        tick()
        return try await engine().restore(target, options: options)
    }

    /// Keys of the regular snapshot folders, oldest first.
    func snapshotIDs() -> [String] {
        Set(store.keys.compactMap { key -> String? in
            let parts = key.split(separator: "/")
            guard parts.count >= 3, parts[0] == "test-backup", !parts[1].hasPrefix("safety-") else { return nil }
            return String(parts[1])
        }).sorted()
    }

    /// The decoded manifest of a snapshot folder under the prefix.
    func manifest(_ folder: String) throws -> Manifest {
        let stored = try #require(store.data(for: "test-backup/\(folder)/manifest.json"))
        return try Manifest.decode(try codec.decode(stored, objectName: "manifest"))
    }

    /// Files under the temp folder's `relative` folder whose names start with `prefix` (recursive).
    func files(under relative: String, named prefix: String) -> [String] {
        let base = directory.path(relative)
        let all = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String]) ?? []
        return all.filter { ($0 as NSString).lastPathComponent.hasPrefix(prefix) }
    }
}

func sha256(_ text: String) -> String {
    OpenSSLHasher().digest(of: Array(text.utf8)).sha256
}
