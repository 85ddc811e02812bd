import AgentBackupDomain

/// How a prefix's history is laid out in the bucket. Decided when a prefix is first written;
/// afterwards detected from the bucket, so a setting that disagrees is an error, never a second
/// history under the same prefix.
public enum RepositoryLayout: String, Sendable, Codable, CaseIterable {
    /// One object per file per snapshot plus `manifest.json` (SPEC "Bucket format"): what the
    /// reference engine reads and writes, browsable when unencrypted. The default.
    case reference
    /// Content-defined chunks, compressed and deduplicated in pack files (docs/FORMAT.md).
    case packed
}

/// A local file whose bytes a writer stores, and what the scan saw of it.
public struct LocalSource: Sendable, Equatable {
    /// The file to read: the live file, or a private stable copy (database snapshot, redacted copy).
    public var path: String
    /// The entry the scan computed for these bytes (hash and size).
    public var expected: ManifestEntry
    /// True for a private copy nobody else writes; false for a live file that may change while
    /// it is read (the writer then stores what it actually read and says so in its result).
    public var isStable: Bool
    /// The live file's metadata at scan time (for change detection and, in layouts that keep
    /// them, the mode and modification time restored later).
    public var status: FileStatus

    public init(path: String, expected: ManifestEntry, isStable: Bool, status: FileStatus) {
        self.path = path
        self.expected = expected
        self.isStable = isStable
        self.status = status
    }
}

/// The manifest of an existing snapshot the new one may carry content from.
public struct PreviousSnapshot: Sendable {
    public var ref: SnapshotRef
    public var manifest: Manifest

    public init(ref: SnapshotRef, manifest: Manifest) {
        self.ref = ref
        self.manifest = manifest
    }
}

/// The snapshots of a repository as a listing shows them; no manifest is read.
public struct RepositoryCatalog: Sendable, Equatable {
    /// Complete regular snapshots, oldest first.
    public var regular: [SnapshotRef]
    /// Complete safety snapshots, oldest first.
    public var safety: [SnapshotRef]
    /// Leftovers of writes that did not finish (a snapshot folder without a manifest, packs no
    /// index names...), described for messages; the repository's `collectGarbage` decides what
    /// is old enough to remove.
    public var incomplete: [String]

    public init(regular: [SnapshotRef] = [], safety: [SnapshotRef] = [], incomplete: [String] = []) {
        self.regular = regular
        self.safety = safety
        self.incomplete = incomplete
    }

    /// The newest complete regular snapshot (what `restore` uses by default).
    public var latest: SnapshotRef? { regular.last }
}

/// One backup history under one prefix, whatever its layout. The use cases (archiver, restorer,
/// verifier, pruner) are written against this port only; object keys, envelopes, packs and
/// indexes are the implementation's business.
///
/// Promises every implementation keeps (checked by one conformance suite run against each):
/// - a snapshot becomes visible only at `SnapshotWriter.commit`, after everything it names is
///   stored (data first, manifest last): a write killed at any point leaves at worst garbage;
/// - `delete` makes a snapshot unreachable (its manifest gone) before any data it alone needs is
///   removed: no listed snapshot ever names a missing object;
/// - every byte read back is authenticated (encrypted) and hash-checked against the manifest
///   before a reader reports it done; a mismatch is `.integrity`, never a silent success;
/// - errors say which snapshot, object or file, and what to do.
public protocol SnapshotRepository: RepositoryChecking {
    var layout: RepositoryLayout { get }
    /// For messages: the store and prefix, e.g. `s3://bucket/goose-backup (https://…)`.
    var displayName: String { get }

    /// The complete snapshots (cost grows with the number of snapshots, not of files).
    func catalog() async throws -> RepositoryCatalog

    /// Opens and checks a snapshot's manifest in this run's mode (encrypted or plain, never
    /// sniffed). Throws an integrity error for a manifest that does not open (wrong passphrase,
    /// damage, a plain manifest in an encrypted backup) or is refused (hostile paths, version).
    func manifest(of ref: SnapshotRef) async throws -> Manifest

    /// Whether `ref` still exists and holds exactly the manifest whose plaintext is
    /// `manifestBytes` (the local cache's check before carrying content from it, SPEC item 13).
    func holds(_ ref: SnapshotRef, manifestBytes: [UInt8]) async throws -> Bool

    /// Starts writing the snapshot `ref`, which may reuse content of `previous`. Nothing is
    /// visible until `commit`.
    func beginSnapshot(_ ref: SnapshotRef, previous: PreviousSnapshot?) async throws -> any SnapshotWriter

    /// Reads files of the snapshot `ref` whose manifest is `manifest`.
    func reader(for ref: SnapshotRef, manifest: Manifest) async throws -> any SnapshotReader

    /// Deletes whole snapshots, each made unreachable before any of its data goes. Returns what
    /// was actually deleted (never a snapshot that was already gone).
    func delete(_ refs: [SnapshotRef]) async throws -> RepositoryDeletion

    /// Removes leftovers of writes that did not finish and (layouts that share data) data no
    /// snapshot needs, sparing anything younger than `graceSeconds` before `now` (a push running
    /// elsewhere). Returns what was actually deleted.
    func collectGarbage(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion

    /// The collection that follows a push: layouts whose collection reads every snapshot
    /// (packed) run it at most once per grace period on a machine — what it would mark cannot go
    /// before a grace period has passed anyway — and say so by returning nothing; `prune` always
    /// collects. By default, the collection itself.
    func collectGarbageIfDue(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion
}

extension SnapshotRepository {
    public func collectGarbageIfDue(now: Double, graceSeconds: Double) async throws -> RepositoryDeletion {
        try await collectGarbage(now: now, graceSeconds: graceSeconds)
    }
}

/// Writes one snapshot. Calls may come concurrently from several tasks.
public protocol SnapshotWriter: Sendable {
    /// Stores the bytes of `source` under `path` and returns the entry of the bytes actually
    /// stored (they differ from `source.expected` when a live file changed while it was read).
    /// Throws `StoreError` for the store, `FileSystemError` / `CryptoError` for local reading.
    func store(_ path: VirtualPath, from source: LocalSource) async throws -> ManifestEntry

    /// Carries `path` from the previous snapshot, whose manifest records `entry` for it, without
    /// sending its bytes. False when that is not possible (the caller then stores it).
    func reuse(_ path: VirtualPath, entry: ManifestEntry) async throws -> Bool

    /// Publishes the snapshot with this inventory: written LAST. Returns the manifest's plaintext
    /// bytes (what the local cache keeps). After `commit` the writer is spent.
    func commit(_ manifest: Manifest, metadata: [VirtualPath: FileMetadata]) async throws -> [UInt8]
}

/// What a layout may keep of a file beside its bytes (the reference layout keeps none).
public struct FileMetadata: Sendable, Equatable, Codable {
    /// Permission bits.
    public var mode: UInt32
    /// Modification time, nanoseconds since the epoch.
    public var mtimeNs: Int64

    public init(mode: UInt32, mtimeNs: Int64) {
        self.mode = mode
        self.mtimeNs = mtimeNs
    }
}

/// One file a reader fetches: its manifest entry and the (existing, empty, private) local file
/// the plaintext goes into.
public struct FileToRead: Sendable, Equatable {
    public var path: VirtualPath
    public var entry: ManifestEntry
    public var destination: String

    public init(path: VirtualPath, entry: ManifestEntry, destination: String) {
        self.path = path
        self.entry = entry
        self.destination = destination
    }
}

/// Reads files of one snapshot. A layout plans the reads its own way (an object per file, or
/// ranged reads of packs that serve many files).
public protocol SnapshotReader: Sendable {
    /// Fills every `destination` with its file's plaintext, authenticated and hash-checked,
    /// with at most `concurrency` requests in flight; `done` is called once per file as it
    /// completes, with the digest of what was written or the error (integrity errors name the
    /// file and the object). Throws only for failures that stop the whole read (cancellation,
    /// credentials).
    func read(
        _ files: [FileToRead], concurrency: Int,
        done: @escaping @Sendable (FileToRead, Result<ContentDigest, any Error>) -> Void
    ) async throws

    /// Metadata the layout kept for `path` (mode, mtime), or nil.
    func metadata(of path: VirtualPath) -> FileMetadata?
}

/// What a deletion actually removed.
public struct RepositoryDeletion: Sendable, Equatable {
    /// Snapshots that existed and are gone.
    public var snapshots: [SnapshotRef]
    /// Leftovers removed (descriptions, e.g. an incomplete snapshot folder or a pack).
    public var leftovers: [String]
    /// Objects deleted in all.
    public var objects: Int
    /// Bytes freed, when known.
    public var bytes: Int64

    public init(snapshots: [SnapshotRef] = [], leftovers: [String] = [], objects: Int = 0, bytes: Int64 = 0) {
        self.snapshots = snapshots
        self.leftovers = leftovers
        self.objects = objects
        self.bytes = bytes
    }
}

/// Opens the repository under the configured prefix for one operation, detecting its layout
/// from the bucket (a configured layout that disagrees is an error, never a second history).
public protocol SnapshotRepositoryOpener: Sendable {
    /// `scratch` is a private (0700) folder of this operation for temporary files; it is removed
    /// when the operation ends. `forWriting` lets a layout create what a first push needs (an
    /// empty prefix is never written to by a read-only command).
    func open(scratch: String, forWriting: Bool) async throws -> any SnapshotRepository

    /// Opens the repository from what this machine remembers of it when one cheap request
    /// confirms that is still the repository there (packed: its key object is still listed);
    /// nil when it cannot, and the caller detects the layout first. By default nil.
    func openRemembered(scratch: String, forWriting: Bool) async throws -> (any SnapshotRepository)?
}

extension SnapshotRepositoryOpener {
    public func openRemembered(scratch: String, forWriting: Bool) async throws -> (any SnapshotRepository)? { nil }
}

/// Why a repository refused or failed, sorted into the outcomes a user acts on differently.
public struct RepositoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Data did not verify: a refused or damaged manifest, a missing object, a hash or
        /// authentication mismatch, a hostile object.
        case integrity
        /// The request does not fit what is there: an unknown snapshot, a configuration that
        /// disagrees with the bucket (encryption, layout).
        case configuration
        /// Anything else that stopped the operation.
        case failed
    }

    public var kind: Kind
    /// What went wrong and what to do, naming the snapshot, object or file.
    public var message: String
    /// The virtual paths or object keys concerned.
    public var files: [String]

    public init(_ kind: Kind, _ message: String, files: [String] = []) {
        self.kind = kind
        self.message = message
        self.files = files
    }

    public var description: String { message }
}
