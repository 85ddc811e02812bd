import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

/// The store as `doctor` sees it: its objects, and its clock.
public protocol DoctorStore: Sendable {
    /// The objects (no access check has run: doctor makes its own).
    var objects: any ObjectStore { get }
    /// Where the store is, for messages (`https://s3.us-west-004.backblazeb2.com`, a folder).
    var location: String { get }
    /// Whether the store has a clock to compare (an S3 server does; a local folder does not).
    var hasClock: Bool { get }
    /// The store's time from one unsigned request; nil when it sent none. Throws when the
    /// endpoint cannot be reached (which is what the `endpoint` check reports).
    func serverDate() async throws -> Date?
    /// Releases the connections.
    func close() async
}

/// Opens a `DoctorStore` for a configuration. Throws `StoreError` when B2 refuses the key
/// during region discovery.
public protocol DoctorStoreOpening: Sendable {
    func open(_ selection: StoreSelection, agentID: String) async throws -> any DoctorStore
}

/// The newest regular snapshot under the configured prefix, its manifest opened with the
/// configured passphrase (throwing as a restore would when it cannot be opened).
public protocol DoctorSnapshotReading: Sendable {
    func newestSnapshot(in store: any ObjectStore, configuration: Configuration) async throws -> DoctorSnapshot?
}

/// What the passphrase check found.
public struct DoctorSnapshot: Sendable, Equatable {
    public var id: String
    public var files: Int

    public init(id: String, files: Int) {
        self.id = id
        self.files = files
    }
}

/// Who holds the single-instance lock of a lock name.
public protocol DoctorLockProbing: Sendable {
    func holder(of lockName: String) -> InstanceLockHolder
    /// The command line of a running process, for "held by pid N (agent-backup daemon …)".
    func commandLine(of pid: Int32) -> String?
}

/// Everything `doctor` touches, injected: tests give a fake clock, an in-memory store, fake
/// snapshots and locks; the CLI gives the live ones.
public struct DoctorDependencies: Sendable {
    public var environment: [String: String]
    public var fileSystem: any FileSystem
    public var clock: any WallClock
    public var adapterEnvironment: AdapterEnvironment
    public var stores: any DoctorStoreOpening
    public var snapshots: any DoctorSnapshotReading
    public var locks: any DoctorLockProbing
    /// Which service manager's files to look for.
    public var platform: ServicePlatform

    public init(
        environment: [String: String], fileSystem: any FileSystem, clock: any WallClock, adapterEnvironment: AdapterEnvironment,
        stores: any DoctorStoreOpening, snapshots: any DoctorSnapshotReading, locks: any DoctorLockProbing, platform: ServicePlatform
    ) {
        self.environment = environment
        self.fileSystem = fileSystem
        self.clock = clock
        self.adapterEnvironment = adapterEnvironment
        self.stores = stores
        self.snapshots = snapshots
        self.locks = locks
        self.platform = platform
    }
}
