import AgentBackupPorts
import Foundation

/// Opens the packed repository under a prefix for each operation; for writing, creates it when
/// the prefix is empty. A prefix that holds anything else (a reference-layout backup) is never
/// turned into a packed one: that would start a second history beside the first. The first
/// repository opened is kept (its unlocked key with it): the operations of one run (a push, its
/// retention prune, a restore's safety snapshot) cost one scrypt, not one each.
public struct PackedRepositoryOpener: SnapshotRepositoryOpener {
    let store: any ObjectStore
    let settings: PackedRepositorySettings
    let clock: any WallClock
    let creation: @Sendable (any ObjectStore, PackedRepositorySettings, any WallClock) async throws -> PackedRepository
    private let opened = Locked<PackedContext?>(nil)

    /// `settings.cacheFolder` should be a private folder kept between runs (the index cache).
    public init(store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock = SystemClock()) {
        self.init(store: store, settings: settings, clock: clock) { store, settings, clock in
            try await PackedRepository.create(store: store, settings: settings, clock: clock)
        }
    }

    /// As above, creating new repositories with `create` (tests: small chunks and packs).
    public init(
        store: any ObjectStore, settings: PackedRepositorySettings, clock: any WallClock,
        create: @escaping @Sendable (any ObjectStore, PackedRepositorySettings, any WallClock) async throws -> PackedRepository
    ) {
        self.store = store
        self.settings = settings
        self.clock = clock
        creation = create
    }

    public func open(scratch: String, forWriting: Bool) async throws -> any SnapshotRepository {
        if let context = opened.withLock({ $0 }) { return PackedRepository(context: context) }
        let repository = try await openOrCreate(forWriting: forWriting)
        opened.withLock { $0 = repository.context }
        return repository
    }

    /// The repository from what this machine remembers of it, confirmed by one request
    /// (`PackedRepository.openRemembered`), or nil.
    public func openRemembered(scratch: String, forWriting: Bool) async throws -> (any SnapshotRepository)? {
        if let context = opened.withLock({ $0 }) { return PackedRepository(context: context) }
        guard let repository = try await PackedRepository.openRemembered(store: store, settings: settings, clock: clock) else { return nil }
        opened.withLock { $0 = repository.context }
        return repository
    }

    private func openOrCreate(forWriting: Bool) async throws -> PackedRepository {
        let keys = PackedKeys(prefix: settings.prefix)
        if let stored = try await PackedRepository.storedConfig(store: store, keys: keys) {
            return try await PackedRepository.open(store: store, settings: settings, clock: clock, stored: stored)
        }
        // Key objects alone are what a create stopped before its config leaves: garbage, not a backup.
        let listing = try await store.listAll(prefix: keys.prefix + "/", delimiter: "/")
        let other = listing.objects.map(\.key) + listing.commonPrefixes.filter { $0 != keys.keysFolder }
        if let first = other.min() {
            throw RepositoryError(.configuration, "\(keys.prefix) in \(store.displayName) holds objects that are not a packed repository (no packed config; e.g. \(first)): set layout to \"reference\" if it is a reference-layout backup, or use another prefix for the packed layout", files: [keys.config])
        }
        guard forWriting else {
            throw RepositoryError(.configuration, "there is no backup under \(keys.prefix) in \(store.displayName) yet: push first", files: [keys.config])
        }
        return try await creation(store, settings, clock)
    }
}
