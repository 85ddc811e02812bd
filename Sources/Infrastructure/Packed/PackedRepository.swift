import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// How to open or create a packed repository.
public struct PackedRepositorySettings: Sendable {
    /// The repository prefix in the bucket, e.g. `goose-backup`.
    public var prefix: String
    /// The passphrase of an encrypted repository; nil opens or creates a plain one.
    public var passphrase: String?
    /// A private local folder for the index cache and the last key that opened; nil: no cache.
    public var cacheFolder: String?
    /// Pack uploads and ranged reads in flight at once.
    public var transfers: Int
    /// Recorded in key objects (informational).
    public var host: String

    public init(prefix: String, passphrase: String?, cacheFolder: String?, transfers: Int = 8, host: String = ProcessInfo.processInfo.hostName) {
        self.prefix = prefix
        self.passphrase = passphrase
        self.cacheFolder = cacheFolder
        self.transfers = transfers
        self.host = host
    }
}

/// The packed layout (docs/FORMAT.md) as a `SnapshotRepository`: content-defined chunks,
/// compressed, sealed and deduplicated in pack files, indexes, one document per snapshot.
///
/// Open it with `open` (or `create` for a new prefix; `isPacked` tells which a prefix is). One
/// instance serves one run: it keeps the snapshot documents it read, so asking whether a
/// snapshot still holds a manifest and then writing on top of it reads the snapshot once.
public final class PackedRepository: SnapshotRepository, @unchecked Sendable {
    public let layout = RepositoryLayout.packed
    let context: PackedContext
    private let documents = NSLockedDictionary<SnapshotRef, SnapshotDocument>()
    private let listing = Locked<ListedSnapshots?>(nil)

    init(context: PackedContext) {
        self.context = context
    }

    /// The repository's configuration.
    public var config: PackedConfig { context.config }

    public var displayName: String { "\(context.store.displayName)/\(context.keys.prefix) (packed)" }

    // MARK: Snapshots

    /// One listing of `snapshots/` per instance (one run's operation): the push's `holds`, its
    /// passphrase check and its retention step read the same listing, kept up to date with what
    /// this instance publishes and deletes. A garbage collection lists afresh.
    public func catalog() async throws -> RepositoryCatalog {
        let listed = try await listedSnapshots()
        var catalog = RepositoryCatalog()
        catalog.incomplete = listed.unnamed
        for ref in listed.sizes.keys {
            if ref.isSafety { catalog.safety.append(ref) } else { catalog.regular.append(ref) }
        }
        catalog.regular.sort()
        catalog.safety.sort()
        return catalog
    }

    private func listedSnapshots(fresh: Bool = false) async throws -> ListedSnapshots {
        if !fresh, let known = listing.withLock({ $0 }) { return known }
        var listed = ListedSnapshots()
        for object in try await context.store.listAll(prefix: context.keys.snapshotsFolder).objects {
            if let ref = context.keys.snapshotRef(in: object.key) {
                listed.sizes[ref] = object.size
            } else {
                listed.unnamed.append("\(object.key) (not a snapshot name)")
            }
        }
        listing.withLock { $0 = listed }
        return listed
    }

    /// The stored length of `ref` in this run's listing, when it has listed and the listing has it.
    private func listedLength(_ ref: SnapshotRef) -> Int64? {
        listing.withLock { $0?.sizes[ref] }
    }

    public func manifest(of ref: SnapshotRef) async throws -> Manifest {
        try await document(of: ref).manifest
    }

    /// Without a request of its own when this machine keeps a copy of the snapshot holding
    /// `manifestBytes` (it wrote or read it last): the run's listing has it with the copy's
    /// length. Else one GET of the document, which is then kept.
    public func holds(_ ref: SnapshotRef, manifestBytes: [UInt8]) async throws -> Bool {
        let listed = try await listedSnapshots()
        guard let length = listed.sizes[ref] else {
            context.snapshots.remove(ref)
            return false
        }
        if let copy = context.snapshots.info(ref), copy.manifestDigest == ChunkHash.sha256(manifestBytes), copy.storedLength == length {
            return true
        }
        do {
            let holds = try await document(of: ref, fresh: true, keep: true).manifest.encoded() == manifestBytes
            if !holds { context.snapshots.remove(ref) }
            return holds
        } catch let error as StoreError where error.code == .notFound {
            context.snapshots.remove(ref)
            return false
        }
    }

    /// The snapshot document of `ref` (blob lists, metadata): read once per run unless `fresh`
    /// (from this machine's copy when the run's listing has it with the copy's length);
    /// `keep` also keeps its stored bytes in the cache folder.
    public func document(of ref: SnapshotRef, fresh: Bool = false, keep: Bool = false) async throws -> SnapshotDocument {
        if !fresh, let known = documents[ref] { return known }
        try await context.cipher.unlock()
        if !fresh, let length = listedLength(ref), let copy = context.snapshots.load(ref), Int64(copy.count) == length,
           let document = try? decode(copy, ref: ref) {
            documents[ref] = document
            return document
        }
        let key = context.keys.snapshot(ref)
        let stored = try await context.store.get(key: key, maxBytes: PackedDocument.maxStoredBytes)
        let document = try decode(stored, ref: ref)
        documents[ref] = document
        if keep { context.snapshots.save(stored, manifestBytes: document.manifest.encoded(), for: ref) }
        return document
    }

    private func decode(_ stored: [UInt8], ref: SnapshotRef) throws -> SnapshotDocument {
        let key = context.keys.snapshot(ref)
        let plaintext = try PackedDocument.decode(stored, cipher: context.cipher, object: key)
        return try SnapshotDocument.decode(plaintext, ref: ref, object: key)
    }

    public func beginSnapshot(_ ref: SnapshotRef, previous: PreviousSnapshot?) async throws -> any SnapshotWriter {
        try await context.cipher.unlock()
        let started = context.clock.now()
        let index = try await context.indexes.load().withoutMarkedPacks()
        var carried: SnapshotDocument? = nil
        if let previous {
            // Without the previous document every file is read again (and deduplicated): slower,
            // never wrong. A missing or unreadable previous snapshot is not this push's failure.
            carried = try? await document(of: previous.ref)
        }
        return PackedWriter(context: context, ref: ref, index: index, indexReadAt: started, previous: carried) { [documents, context, listing] document, stored in
            documents[ref] = document
            listing.withLock { $0?.sizes[ref] = Int64(stored.count) }
            context.snapshots.save(stored, manifestBytes: document.manifest.encoded(), for: ref)
        }
    }

    public func reader(for ref: SnapshotRef, manifest: Manifest) async throws -> any SnapshotReader {
        try await context.cipher.unlock()
        let document = try await document(of: ref)
        guard document.manifest.encoded() == manifest.encoded() else {
            throw RepositoryError(.integrity, "the snapshot \(ref) no longer holds the manifest this restore planned with (it was replaced): run the command again", files: [context.keys.snapshot(ref)])
        }
        let index = try await context.indexes.load().withPendingPacks()
        return PackedReader(context: context, ref: ref, document: document, index: index)
    }

    /// Lists afresh (what is deleted is what was there now, never a snapshot already gone).
    public func delete(_ refs: [SnapshotRef]) async throws -> RepositoryDeletion {
        guard !refs.isEmpty else { return RepositoryDeletion() }
        let present = try await listedSnapshots(fresh: true).sizes
        let doomed = refs.filter { present[$0] != nil }
        guard !doomed.isEmpty else { return RepositoryDeletion() }
        try await context.store.delete(keys: doomed.map { context.keys.snapshot($0) })
        for ref in doomed {
            documents[ref] = nil
            listing.withLock { $0?.sizes[ref] = nil }
            context.snapshots.remove(ref)
        }
        return RepositoryDeletion(snapshots: doomed.sorted(), objects: doomed.count)
    }

    public func collectGarbage(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion {
        try await context.cipher.unlock()
        let grace = max(graceSeconds, context.config.gcGraceSeconds)
        let deletion = try await GarbageCollector(context: context, now: now, graceSeconds: grace).run().deletion
        context.collections.record(now: now)
        return deletion
    }

    public func collectGarbageIfDue(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion {
        guard context.collections.isDue(now: now, graceSeconds: max(graceSeconds, context.config.gcGraceSeconds)) else {
            return RepositoryDeletion()
        }
        return try await collectGarbage(now: now, graceSeconds: graceSeconds)
    }
}

/// One listing of `snapshots/`: each snapshot's stored length, and the names that are none.
struct ListedSnapshots: Sendable {
    var sizes: [SnapshotRef: Int64] = [:]
    var unnamed: [String] = []
}

/// A dictionary behind a lock, for the caches of a repository shared between tasks.
final class NSLockedDictionary<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Key: Value] = [:]

    subscript(key: Key) -> Value? {
        get { lock.withLock { storage[key] } }
        set { lock.withLock { storage[key] = newValue } }
    }
}
