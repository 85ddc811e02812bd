import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// A store and layout the engine suite runs on.
public struct EngineSuiteBackend: Sendable, CustomStringConvertible {
    /// E.g. `in-memory/packed`.
    public var name: String
    /// A fresh store (or a fresh prefix of a shared one) for one case.
    public var store: @Sendable (_ caseName: String) async throws -> EngineSuiteStore
    /// The layout's opener over `store`, writing under `prefix`, its caches under `cacheDirectory`.
    public var layout: @Sendable (_ store: any ObjectStore, _ prefix: String, _ cacheDirectory: String, _ clock: any WallClock)
        -> any SnapshotRepositoryOpener
    /// The engine's other parts.
    public var parts: EngineSuiteParts

    public init(
        name: String, store: @escaping @Sendable (String) async throws -> EngineSuiteStore, parts: EngineSuiteParts,
        layout: @escaping @Sendable (any ObjectStore, String, String, any WallClock) -> any SnapshotRepositoryOpener
    ) {
        self.name = name
        self.store = store
        self.layout = layout
        self.parts = parts
    }

    public var description: String { name }
}

/// One case's store: where snapshots go, and what removes them afterwards.
public struct EngineSuiteStore: Sendable {
    public var store: any ObjectStore
    /// The key prefix of the case's snapshots (no trailing `/`).
    public var prefix: String
    public var cleanup: @Sendable () async -> Void

    public init(store: any ObjectStore, prefix: String, cleanup: @escaping @Sendable () async -> Void = {}) {
        self.store = store
        self.prefix = prefix
        self.cleanup = cleanup
    }
}

/// The engine's parts besides the store and the layout.
public struct EngineSuiteParts: Sendable {
    public var hasher: any ContentHasher
    public var fileSystem: any FileSystem
    public var scratch: any ScratchSpace
    public var sqlite: any SQLiteSnapshotter

    public init(hasher: any ContentHasher, fileSystem: any FileSystem, scratch: any ScratchSpace, sqlite: any SQLiteSnapshotter) {
        self.hasher = hasher
        self.fileSystem = fileSystem
        self.scratch = scratch
        self.sqlite = sqlite
    }
}

/// One machine of an engine suite case: real files in a temp folder (roots `config` and `data`,
/// the reference fixture's rules), its own cache folder, a fake clock ahead of the files' mtimes
/// (so the stat cache trusts them), and the case's store. `otherMachine()` shares the store.
public final class EngineSuiteWorld: Sendable {
    public let backend: EngineSuiteBackend
    public let store: EngineSuiteStore
    public let directory: TemporaryDirectory
    public let clock: FakeClock
    private let ownsStore: Bool

    /// The first machine of case `name`, on a fresh store of `backend`.
    public static func make(backend: EngineSuiteBackend, name: String) async throws -> EngineSuiteWorld {
        let store = try await backend.store(name)
        return try EngineSuiteWorld(backend: backend, store: store, clock: FakeClock(now: Date().addingTimeInterval(60)), ownsStore: true)
    }

    private init(backend: EngineSuiteBackend, store: EngineSuiteStore, clock: FakeClock, ownsStore: Bool) throws {
        self.backend = backend
        self.store = store
        self.clock = clock
        self.ownsStore = ownsStore
        directory = try TemporaryDirectory(prefix: "engine-suite")
        for folder in ["config", "data"] {
            try FileManager.default.createDirectory(atPath: directory.path(folder), withIntermediateDirectories: true)
        }
    }

    /// Another machine with empty roots and caches, on the same store, its clock a little ahead.
    public func otherMachine() throws -> EngineSuiteWorld {
        try EngineSuiteWorld(backend: backend, store: store, clock: FakeClock(now: clock.now().addingTimeInterval(10)), ownsStore: false)
    }

    /// Removes the case's objects (the first machine only).
    func close() async {
        if ownsStore { await store.cleanup() }
    }

    /// A fresh engine (as a new process would make) keeping the newest `keep` snapshots.
    public func engine(keep: Int = 10) -> BackupEngine {
        let cache = directory.path("cache")
        let configuration = EngineConfiguration(prefix: store.prefix, retention: .keepLast(keep), cacheDirectory: cache, transferConcurrency: 4)
        let parts = backend.parts
        return BackupEngine(
            repositories: backend.layout(store.store, store.prefix, cache, clock), hasher: parts.hasher, fileSystem: parts.fileSystem,
            scratch: parts.scratch, sqlite: parts.sqlite, clock: clock, configuration: configuration)
    }

    public static let rules = try! PathRules(
        include: [#"^config/.*\.(json|ya?ml|toml|md)$"#, "^data/"],
        exclude: ["-wal$", "-shm$", "/cache/", #"\.tmp$"#],
        secretExclude: [#"(^|/)credentials\.json$"#, #"(^|/)\.env$"#, "(^|/)secrets/"],
        sqlite: [#"\.db$"#])

    public var target: BackupTarget {
        BackupTarget(id: "test", roots: [Root(label: "config", path: directory.path("config")), Root(label: "data", path: directory.path("data"))],
                     rules: Self.rules)
    }

    /// Pushes with a new engine after moving the clock on (ids differ, the racy window passes).
    @discardableResult
    public func push(keep: Int = 10) async throws -> PushSummary {
        clock.advance(by: 5)
        return try await engine(keep: keep).push(target)
    }

    @discardableResult
    public func restore(_ options: RestoreOptions = RestoreOptions()) async throws -> RestoreSummary {
        clock.advance(by: 5)
        return try await engine().restore(target, options: options)
    }

    public func write(_ relative: String, _ text: String) throws {
        _ = try directory.write(Array(text.utf8), to: relative)
    }

    public func read(_ relative: String) -> String? {
        directory.read(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.path(relative))
    }

    /// Every object key under the case's prefix.
    public func objectKeys() async throws -> [String] {
        try await store.store.listAll(prefix: store.prefix + "/").objects.map(\.key).sorted()
    }
}
