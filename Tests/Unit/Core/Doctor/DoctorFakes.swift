import AgentBackup
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation

/// A doctor over a temporary HOME, an in-memory store with a settable clock, and fake snapshots
/// and locks: every check is exercised without a network.
final class DoctorRig: @unchecked Sendable {
    let home: TemporaryDirectory
    let memory = InMemoryObjectStore()
    let clock = FakeClock()
    var serverDate: Date? = FakeClock.specExampleDate
    var unreachable: StoreError?
    var openError: StoreError?
    var hasClock = true
    var newest: DoctorSnapshot? = DoctorSnapshot(id: "2026-02-09T10-04-05-123Z", files: 3)
    var snapshotError: (any Error)?
    var lockHolder: InstanceLockHolder = .free
    var environment: [String: String]
    var platform: ServicePlatform = .linux

    init() throws {
        home = try TemporaryDirectory(prefix: "agent-backup-doctor")
        environment = [
            "HOME": home.path, "B2_KEY_ID": "004a1b2c3d4e5f60000000001", "B2_APPLICATION_KEY": "K004secret",
            "B2_BUCKET": "bkt", "B2_ENCRYPTION_KEY": "pw", "B2_ENDPOINT": "https://s3.example.test",
        ]
    }

    func writeConfig(_ text: String, mode: mode_t = 0o600) throws {
        let path = try home.write(Array(text.utf8), to: ".config/goose-b2-backup/config.json")
        chmod(path, mode)
    }

    var dependencies: DoctorDependencies {
        let fileSystem = PosixFileSystem()
        return DoctorDependencies(
            environment: environment, fileSystem: fileSystem, clock: clock,
            adapterEnvironment: AdapterEnvironment(variables: environment, home: home.path, platform: .linux, fileSystem: fileSystem),
            stores: Stores(rig: self), snapshots: Snapshots(rig: self), locks: Locks(rig: self), platform: platform)
    }

    func examine(_ adapter: Adapter? = .goose) async -> DoctorReport {
        await Doctor(dependencies: dependencies).examine(agentID: adapter?.id ?? "goose", adapter: adapter)
    }

    struct Stores: DoctorStoreOpening {
        let rig: DoctorRig
        func open(_ selection: StoreSelection, agentID: String) async throws -> any DoctorStore {
            if let error = rig.openError { throw error }
            return Store(rig: rig)
        }
    }

    struct Store: DoctorStore {
        let rig: DoctorRig
        var objects: any ObjectStore { rig.memory }
        var location: String { "https://s3.example.test" }
        var hasClock: Bool { rig.hasClock }
        func serverDate() async throws -> Date? {
            if let error = rig.unreachable { throw error }
            return rig.serverDate
        }
        func close() async {}
    }

    struct Snapshots: DoctorSnapshotReading {
        let rig: DoctorRig
        func newestSnapshot(in store: any ObjectStore, configuration: Configuration) async throws -> DoctorSnapshot? {
            if let error = rig.snapshotError { throw error }
            return rig.newest
        }
    }

    struct Locks: DoctorLockProbing {
        let rig: DoctorRig
        func holder(of lockName: String) -> InstanceLockHolder { rig.lockHolder }
        func commandLine(of pid: Int32) -> String? { pid == 4242 ? "agent-backup daemon --agent goose" : nil }
    }
}
